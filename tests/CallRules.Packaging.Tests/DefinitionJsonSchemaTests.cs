using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallRules.Connections;
using CallRules.Packaging.Tests.Infrastructure;
using CallRules.Runtime;
using CallRules.Runtime.Documentation;
using CallRules.Runtime.Json;
using Json.Schema;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>
/// The JSON Schema written from the generated <see cref="Connection.Schema"/>, checked with a real JSON Schema validator
/// (JsonSchema.Net): it accepts every sample and the definitions the runtime accepts, and rejects what the runtime rejects.
/// </summary>
public sealed class DefinitionJsonSchemaTests
{
    private static readonly Lazy<string> s_schemaText = new(() => DefinitionJsonSchemaWriter.ToJsonString(Connection.Schema));
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromText(s_schemaText.Value));

    [Fact]
    public void Schema_is_a_valid_draft_2020_12_JSON_Schema()
    {
        var results = MetaSchemas.Draft202012.Evaluate(Element(s_schemaText.Value), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void Schema_is_written_the_same_way_every_time_with_LF_line_ends()
    {
        var first = DefinitionJsonSchemaWriter.ToUtf8Bytes(Connection.Schema);
        var second = DefinitionJsonSchemaWriter.ToUtf8Bytes(Connection.Schema);

        Assert.Equal(first, second);
        Assert.DoesNotContain((byte)'\r', first);
        Assert.Equal((byte)'\n', first[^1]);
    }

    [Fact]
    public void Schema_describes_every_field_of_the_schema_and_closes_the_object()
    {
        var definition = JsonNode.Parse(s_schemaText.Value)!["$defs"]![Connection.Schema.Name]!;
        var properties = definition["properties"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Equal(["$schema", .. Connection.Schema.Fields.Select(f => f.Name)], properties);
        Assert.Equal(Connection.Schema.Fields.Where(f => f.Required).Select(f => f.Name),
            definition["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(definition["additionalProperties"]!.GetValue<bool>());
    }

    public static TheoryData<string, string> SampleDefinitions()
    {
        var data = new TheoryData<string, string>();
        var folder = RepositoryPaths.Combine("samples", "connections");
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
                data.Add("samples/connections/" + Path.GetFileName(file), File.ReadAllText(file));
        }
        // Without the samples (a partial checkout), the theory still runs, over the test's own valid definitions.
        return data.Count > 0 ? data : ValidDefinitions();
    }

    [Theory]
    [MemberData(nameof(SampleDefinitions))]
    public void Every_sample_definition_file_is_valid(string file, string json)
    {
        var results = s_schema.Value.Evaluate(Element(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, file + "\n" + Describe(results));
    }

    public static TheoryData<string, string> ValidDefinitions() => new()
    {
        { "only the key fields", """{ "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.10" }""" },
        { "an editor's $schema", """{ "$schema": "./connection.definition.schema.json", "domain": "~", "connection-orig-match-pattern": "sip*@a" }""" },
        { "an integer as a string of digits", """{ "domain": "*", "connection-orig-match-pattern": "sip*@a", "limits-max-active-calls-total": "30" }""" },
        { "null for optional fields", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "connection-sip-transport-protocol": null, "description": null, "minimum-call-duration-seconds": null, "call-routing": null }""" },
        { "enum values and limits at their edges", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "connection-sip-transport-protocol": "TLS", "connection-audio-relay-enabled": "optional", "limits-max-active-calls-total": 100000, "limits-max-active-calls-orig": 0 }""" },
        { "an array of definitions", """[ { "domain": "a.example", "connection-orig-match-pattern": "p" }, { "domain": "b.example", "connection-orig-match-pattern": "p" } ]""" },
    };

    [Theory]
    [MemberData(nameof(ValidDefinitions))]
    public void Definitions_the_runtime_accepts_are_valid(string what, string json)
    {
        Assert.Empty(RuntimeErrors(json));

        var results = s_schema.Value.Evaluate(Element(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, what + "\n" + Describe(results));
    }

    public static TheoryData<string, string> InvalidDefinitions() => new()
    {
        { "a value not in the enum", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "connection-sip-transport-protocol": "SCTP" }""" },
        { "an enum value in the wrong case", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "connection-sip-transport-protocol": "udp" }""" },
        { "a string over maxLength", $$"""{ "domain": "{{new string('a', 65)}}", "connection-orig-match-pattern": "p" }""" },
        { "a string that breaks the pattern", """{ "domain": "exa mple.com", "connection-orig-match-pattern": "p" }""" },
        { "an unknown field", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "connection-adress": "192.0.2.1" }""" },
        { "a boolean for an integer", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "limits-max-active-calls-total": true }""" },
        { "a string that is not a number for an integer", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "limits-max-active-calls-total": "12a" }""" },
        { "an integer above the maximum", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "limits-max-active-calls-total": 100001 }""" },
        { "an integer below the minimum", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "limits-max-active-calls-orig": -1 }""" },
        { "a number for a string", """{ "domain": "example.com", "connection-orig-match-pattern": 5 }""" },
        { "a missing required field", """{ "domain": "example.com" }""" },
        { "null for a required field", """{ "domain": null, "connection-orig-match-pattern": "p" }""" },
        { "an empty required string", """{ "domain": "", "connection-orig-match-pattern": "p" }""" },
        { "an unsupported field that is set", """{ "domain": "example.com", "connection-orig-match-pattern": "p", "call-routing": {} }""" },
        { "an array with one bad definition", """[ { "domain": "a.example", "connection-orig-match-pattern": "p" }, { "domain": "b.example" } ]""" },
        { "a top level that is not an object", """42""" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void Definitions_the_runtime_rejects_are_invalid(string what, string json)
    {
        Assert.NotEmpty(RuntimeErrors(json));

        var results = s_schema.Value.Evaluate(Element(json), new EvaluationOptions { OutputFormat = OutputFormat.Flag });

        Assert.False(results.IsValid, what);
    }

    [Fact]
    public void Field_descriptions_carry_the_call_rule_key_default_and_secret_note()
    {
        var properties = PropertiesOf(DefinitionJsonSchemaWriter.ToJsonString(SchemaFixtures.Trunk), "Trunk");

        Assert.EndsWith("Call-rule key: Site.", Text(properties["site"]!["description"]));
        Assert.Contains("When absent, the value of 'name' applies.", Text(properties["alias"]!["description"]));
        Assert.Contains("Secret: never shown in messages or logs.", Text(properties["secret-key"]!["description"]));
        Assert.Contains("Format: a date and time", Text(properties["starts"]!["description"]));
        Assert.Contains("Not supported: Use 'mode' instead.", Text(properties["legacy"]!["description"]));
    }

    [Fact]
    public void Keywords_follow_the_field_rules()
    {
        var properties = PropertiesOf(DefinitionJsonSchemaWriter.ToJsonString(SchemaFixtures.Trunk), "Trunk");

        Assert.Equal("^(?:[a-z]+)$", Text(properties["site"]!["pattern"]));
        Assert.Equal(1, properties["site"]!["minLength"]!.GetValue<int>());  // required: not empty
        // A minimum above 1 is a pattern over code points (validators that count grapheme clusters would differ on
        // minLength); minLength says only "not empty".
        Assert.Equal(1, properties["name"]!["minLength"]!.GetValue<int>());
        Assert.Contains(properties["name"]!["allOf"]!.AsArray(), rule => rule!["pattern"]?.GetValue<string>() == JsonSchemaPatterns.Length(3, null));
        Assert.Contains(properties["site"]!["allOf"]!.AsArray(), rule => rule!["$ref"]?.GetValue<string>() == "#/$defs/key-text-before-the-last");
        Assert.Contains(properties["name"]!["allOf"]!.AsArray(), rule => rule!["$ref"]?.GetValue<string>() == "#/$defs/key-text");
        Assert.Equal(-2, properties["offset"]!["default"]!.GetValue<long>());
        Assert.Equal(-10, properties["offset"]!["anyOf"]![0]!["minimum"]!.GetValue<long>());
        var digits = Text(properties["offset"]!["anyOf"]![1]!["pattern"]);
        Assert.Equal(JsonSchemaPatterns.IntegerString(-10, 10), digits);
        foreach (var text in new[] { "0", "-0", "007", "10", "-10", "-010" })
            Assert.Matches(digits, text);
        foreach (var text in new[] { "11", "-11", "+5", "", "-", "1.0", "100" })
            Assert.DoesNotMatch(digits, text);
        Assert.Equal("null", Text(properties["legacy"]!["type"]));
        Assert.True(properties["legacy"]!["deprecated"]!.GetValue<bool>());
        var modes = properties["mode"]!["oneOf"]!.AsArray();
        Assert.Equal("Quick | risky. Written to the call rules as 'F'.", Text(modes[0]!["description"]));
        Assert.Equal("null", Text(modes[^1]!["type"]));
    }

    private static JsonObject PropertiesOf(string schemaText, string name) =>
        JsonNode.Parse(schemaText)!["$defs"]![name]!["properties"]!.AsObject();

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    /// <summary>What the generated reader and validator say about a definition file, as the compile pipeline runs them.</summary>
    private static List<DefinitionError> RuntimeErrors(string json)
    {
        var errors = new List<DefinitionError>();
        var bytes = Encoding.UTF8.GetBytes(json);
        var context = new JsonReadContext("test.json", errors);
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes, JsonReadContext.ReaderOptions);
        reader.Read();
        var definitions = new List<Connection>();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            definitions.Add(Connection.ReadJson(ref reader, context));
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                definitions.Add(Connection.ReadJson(ref reader, context));
        }
        else
        {
            errors.Add(new DefinitionError(ErrorCodes.ExpectedObject, "not an object"));
        }
        foreach (var definition in definitions)
            definition.Validate(errors);
        return errors;
    }

    private static string Describe(EvaluationResults results)
    {
        var text = new StringBuilder();
        foreach (var detail in results.Details ?? [])
        {
            foreach (var error in detail.Errors ?? new Dictionary<string, string>())
                text.Append(detail.InstanceLocation).Append(' ').Append(error.Key).Append(": ").Append(error.Value).Append('\n');
        }
        return text.ToString();
    }
}
