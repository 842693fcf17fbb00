using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CallRules.Packaging.Tests.Infrastructure;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>
/// How the walkthrough (<see cref="AddingFieldWalkthroughTests"/>) reads the README's "Adding a field" steps: in
/// seconds, without the nested build. A step the README loses is an error that names it, never an empty list.
/// </summary>
public sealed class AddingFieldStepsTests
{
    private static string Readme => File.ReadAllText(RepositoryPaths.Combine("README.md"));

    private static string Schema => File.ReadAllText(RepositoryPaths.Combine("schema", "connection.schema.json"));

    [Fact]
    public void The_readme_has_an_example_field_with_a_new_call_rule_key_and_the_refresh_commands()
    {
        var steps = AddingFieldSteps.Parse(Readme);

        var schema = JsonNode.Parse(Schema)!["fields"]!.AsArray();
        Assert.DoesNotContain(steps.Name, schema.Select(f => f!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(steps.CallRule, schema.Select(f => f!["callRule"]?.GetValue<string>()));
        Assert.Contains(steps.Commands, c => c.Contains("--out docs/fields.md", StringComparison.Ordinal));
        Assert.Contains(steps.Commands, c => c.StartsWith("CALLRULES_ACCEPT_SNAPSHOTS=1 dotnet test", StringComparison.Ordinal));
        Assert.All(steps.Commands, c => Assert.False(c.StartsWith('#') || c.Length == 0, c));
    }

    [Theory]
    [InlineData(AddingFieldSteps.FieldMarker)]
    [InlineData(AddingFieldSteps.CommandsMarker)]
    public void A_readme_without_a_marked_step_is_an_error_that_names_it(string marker)
    {
        var readme = Readme.Replace("<!-- " + marker, "<!-- gone", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => AddingFieldSteps.Parse(readme));

        Assert.Contains($"<!-- {marker} -->", error.Message);
    }

    [Fact]
    public void A_readme_without_the_section_is_an_error()
    {
        var readme = Readme.Replace(AddingFieldSteps.Heading, "## Growing the schema", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => AddingFieldSteps.Parse(readme));

        Assert.Contains("'## Adding a field'", error.Message);
    }

    [Fact]
    public void An_example_field_without_a_call_rule_key_is_an_error()
    {
        var readme = Readme.Replace("\"callRule\": \"MaxDuration\",", "", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => AddingFieldSteps.Parse(readme));

        Assert.Contains("no \"callRule\"", error.Message);
    }

    [Fact]
    public void Commands_are_read_as_a_shell_reads_them()
    {
        var readme = """
            ## Adding a field
            <!-- adding-a-field:field -->
            ```json
            { "name": "x", "type": "string", "callRule": "X" }
            ```
            <!-- adding-a-field:commands (the refresh) -->
            ```sh
            # a comment

            first --a \
              --b   # the rest of a line is the shell's
            second
            ```
            ## Next
            ```sh
            not a step
            ```
            """;

        var steps = AddingFieldSteps.Parse(readme);

        Assert.Equal(["first --a    --b   # the rest of a line is the shell's", "second"], steps.Commands);
        Assert.Equal(("x", "X"), (steps.Name, steps.CallRule));
    }

    [Fact]
    public void The_field_goes_at_the_end_of_fields_and_the_rest_of_the_schema_stays_byte_for_byte()
    {
        var steps = AddingFieldSteps.Parse(Readme);
        var schema = Schema;

        var edited = steps.AddTo(schema);

        var before = JsonNode.Parse(schema)!["fields"]!.AsArray();
        var after = JsonNode.Parse(edited)!["fields"]!.AsArray();
        Assert.Equal(before.Count + 1, after.Count);
        Assert.True(JsonNode.DeepEquals(steps.Field, after[^1]));
        var end = schema.LastIndexOf('}', schema.IndexOf("\n  ]", StringComparison.Ordinal)) + 1;
        Assert.Equal(schema[..end] + ",\n", edited[..(end + 2)]);
        Assert.EndsWith(schema[end..], edited);
        Assert.Contains("\n    {\n      \"name\": \"" + steps.Name + "\",\n", edited);

        var again = Assert.Throws<InvalidDataException>(() => steps.AddTo(edited));
        Assert.Contains("already has a field", again.Message);
    }
}
