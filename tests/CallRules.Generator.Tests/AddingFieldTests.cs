using System.Linq;
using CallRules.Generator.Tests.Infrastructure;
using CallRules.Runtime;

namespace CallRules.Generator.Tests;

/// <summary>
/// Adding a field is an edit to the schema and nothing else: the generated type gains the property, its validation
/// and its call-rule line, and the code for every other field stays as it was.
/// </summary>
public sealed class AddingFieldTests
{
    private const string NewField = """
        {
              "name": "connection-max-call-duration-seconds",
              "type": "integer",
              "minimum": 1,
              "maximum": 86400,
              "callRule": "MaxDuration",
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

        Assert.Equal(typeof(long?), connection.PropertyOf("ConnectionMaxCallDurationSeconds").PropertyType);
        var field = CompiledSchemas.SchemaOf(connection).Find("connection-max-call-duration-seconds");
        Assert.NotNull(field);
        Assert.Equal(("MaxDuration", 1L, 86400L), (field.CallRule, field.Minimum, field.Maximum));
    }

    [Fact]
    public void New_field_is_validated()
    {
        var connection = s_added.Value.Connection;

        var result = connection.Read("{" + Key + """, "connection-max-call-duration-seconds": 90000 }""");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.OutOfRange, error.Code);
        Assert.Equal("'connection-max-call-duration-seconds' is 90000; it must be between 1 and 86400.", error.Message);
    }

    [Fact]
    public void New_field_writes_its_call_rule_line_last_as_it_is_last_in_the_schema()
    {
        var connection = s_added.Value.Connection;

        var set = connection.ReadValid("{" + Key + """, "connection-max-call-duration-seconds": "3600" }""");
        var unset = connection.ReadValid("{" + Key + "}");

        Assert.EndsWith("\nMaxDuration=3600\n", connection.CallRules(set));
        Assert.DoesNotContain("MaxDuration=", connection.CallRules(unset));
        Assert.Contains("\"connection-max-call-duration-seconds\":3600", connection.Json(set));
    }

    private static readonly System.Collections.Generic.Dictionary<string, string[]> s_expectedAdditions = new()
    {
        ["Model"] = new[]
        {
            $"internal const int FieldCount = {s_index + 1};",
            "public long? ConnectionMaxCallDurationSeconds { get; set; }",
            $"public const int ConnectionMaxCallDurationSeconds = {s_index};",
            "Name = \"connection-max-call-duration-seconds\",",
            "ConnectionMaxCallDurationSeconds = this.ConnectionMaxCallDurationSeconds,",
        },
        ["Validator"] = new[]
        {
            "// connection-max-call-duration-seconds",
            "errors.Add(global::CallRules.Runtime.Validation.FieldErrors.OutOfRange(source, FieldIndex.ConnectionMaxCallDurationSeconds, s_fields[FieldIndex.ConnectionMaxCallDurationSeconds], connectionMaxCallDurationSeconds));",
        },
        ["Json"] = new[]
        {
            "case FieldIndex.ConnectionMaxCallDurationSeconds:",
            "result.ConnectionMaxCallDurationSeconds = context.ReadInteger(ref reader, s_fields[FieldIndex.ConnectionMaxCallDurationSeconds], at);",
            "writer.WriteNumber(\"connection-max-call-duration-seconds\"u8, connectionMaxCallDurationSeconds);",
            "\"connection-max-call-duration-seconds\" => FieldIndex.ConnectionMaxCallDurationSeconds,",
        },
        ["CallRules"] = new[]
        {
            "writer.WriteRule(\"MaxDuration\"u8, connectionMaxCallDurationSeconds);",
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

        Assert.Contains("\"connection-max-call-duration-seconds\" => FieldIndex.ConnectionMaxCallDurationSeconds,", after.File("Json"));
        Assert.Contains($"public const int ConnectionMaxCallDurationSeconds = {s_index};", after.File("Model"));
    }

    private static int FieldCountOf(string schema)
    {
        using var document = System.Text.Json.JsonDocument.Parse(schema, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        return document.RootElement.GetProperty("fields").GetArrayLength();
    }
}
