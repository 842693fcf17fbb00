using System.Linq;
using CallRules.Generator.Tests.Infrastructure;
using CallRules.Runtime;

namespace CallRules.Generator.Tests;

/// <summary>
/// Adding a field is an edit to the schema and nothing else: the generated type gains the property, its validation
/// and its call-rule line, and the code for every other field stays as it was. The field added is one no real schema
/// has (not the README's example, which a reader following "Adding a field" adds for real), and the expectations are
/// computed from the schema as it is, so these tests hold whatever fields the schema has gained.
/// </summary>
public sealed class AddingFieldTests
{
    private const string NewField = """
        {
              "name": "connection-test-added-seconds",
              "type": "integer",
              "minimum": 1,
              "maximum": 86400,
              "callRule": "TestAddedSeconds",
              "description": "The longest a call through this connection may last, in seconds."
            }
        """;

    private const string Key = """
        "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.10"
        """;

    // The new field goes last, so its index is the old field count.
    private static readonly int s_index = FieldCountOf(RepositoryFiles.ConnectionSchema);

    private static readonly System.Lazy<(GeneratorRun Before, GeneratorRun After, DefinitionType Connection)> s_added = new(() =>
    {
        var text = RepositoryFiles.ConnectionSchema;
        Assert.DoesNotContain("\"connection-test-added-seconds\"", text);
        var end = text.LastIndexOf("\n  ]", System.StringComparison.Ordinal);
        var edited = text[..end] + ",\n    " + NewField + text[end..];
        var before = GeneratorHarness.Run(text, "schema/connection.schema.json");
        var after = GeneratorHarness.Run(edited, "schema/connection.schema.json");
        Assert.Empty(after.Diagnostics);
        return (before, after, GeneratedAssembly.Compile(after.Files).Definition("CallRules.Connections.Connection"));
    });

    [Fact]
    public void New_field_becomes_a_typed_property_with_its_schema_data()
    {
        var connection = s_added.Value.Connection;

        Assert.Equal(typeof(long?), connection.PropertyOf("ConnectionTestAddedSeconds").PropertyType);
        var field = CompiledSchemas.SchemaOf(connection).Find("connection-test-added-seconds");
        Assert.NotNull(field);
        Assert.Equal(("TestAddedSeconds", 1L, 86400L), (field.CallRule, field.Minimum, field.Maximum));
    }

    [Fact]
    public void New_field_is_validated()
    {
        var connection = s_added.Value.Connection;

        var result = connection.Read("{" + Key + """, "connection-test-added-seconds": 90000 }""");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.OutOfRange, error.Code);
        Assert.Equal("'connection-test-added-seconds' is 90000; it must be between 1 and 86400.", error.Message);
    }

    [Fact]
    public void New_field_writes_its_call_rule_line_last_as_it_is_last_in_the_schema()
    {
        var connection = s_added.Value.Connection;

        var set = connection.ReadValid("{" + Key + """, "connection-test-added-seconds": "3600" }""");
        var unset = connection.ReadValid("{" + Key + "}");

        Assert.EndsWith("\nTestAddedSeconds=3600\n", connection.CallRules(set));
        Assert.DoesNotContain("TestAddedSeconds=", connection.CallRules(unset));
        Assert.Contains("\"connection-test-added-seconds\":3600", connection.Json(set));
    }

    private static readonly System.Collections.Generic.Dictionary<string, string[]> s_expectedAdditions = new()
    {
        ["Model"] = new[]
        {
            $"internal const int FieldCount = {s_index + 1};",
            "public long? ConnectionTestAddedSeconds { get; set; }",
            $"public const int ConnectionTestAddedSeconds = {s_index};",
            "Name = \"connection-test-added-seconds\",",
            "ConnectionTestAddedSeconds = this.ConnectionTestAddedSeconds,",
        },
        ["Validator"] = new[]
        {
            "// connection-test-added-seconds",
            "errors.Add(global::CallRules.Runtime.Validation.FieldErrors.OutOfRange(source, FieldIndex.ConnectionTestAddedSeconds, s_fields[FieldIndex.ConnectionTestAddedSeconds], connectionTestAddedSeconds));",
        },
        ["Json"] = new[]
        {
            "case FieldIndex.ConnectionTestAddedSeconds:",
            "result.ConnectionTestAddedSeconds = context.ReadInteger(ref reader, s_fields[FieldIndex.ConnectionTestAddedSeconds], at);",
            "writer.WriteNumber(\"connection-test-added-seconds\"u8, connectionTestAddedSeconds);",
            "\"connection-test-added-seconds\" => FieldIndex.ConnectionTestAddedSeconds,",
        },
        ["CallRules"] = new[]
        {
            "writer.WriteRule(\"TestAddedSeconds\"u8, connectionTestAddedSeconds);",
        },
    };

    [Theory]
    [InlineData("Model")]
    [InlineData("Validator")]
    [InlineData("Json")]
    [InlineData("CallRules")]
    public void Generated_code_for_the_other_fields_is_unchanged(string suffix)
    {
        var (before, after, _) = s_added.Value;

        var diff = LineDiff.Between(before.File(suffix), after.File(suffix));

        // The field count is the one line that must change; everything else is an addition about the new field.
        Assert.Equal(
            suffix == "Model" ? new[] { $"        internal const int FieldCount = {s_index};" } : System.Array.Empty<string>(),
            diff.Removed);
        Assert.All(s_expectedAdditions[suffix], line => Assert.Contains(line, diff.Added.Select(l => l.Trim())));
    }

    [Fact]
    public void Json_reader_matches_the_new_wire_name()
    {
        var (_, after, _) = s_added.Value;

        Assert.Contains("\"connection-test-added-seconds\" => FieldIndex.ConnectionTestAddedSeconds,", after.File("Json"));
        Assert.Contains($"public const int ConnectionTestAddedSeconds = {s_index};", after.File("Model"));
    }

    private static int FieldCountOf(string schema)
    {
        using var document = System.Text.Json.JsonDocument.Parse(schema, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        return document.RootElement.GetProperty("fields").GetArrayLength();
    }
}
