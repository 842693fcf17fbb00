using CallRules.Generator.Tests.Infrastructure;
using CallRules.Runtime;

namespace CallRules.Generator.Tests;

/// <summary>
/// Behaviours the connection schema does not exercise, run on Schemas/gateway.schema.json: an enum that takes its
/// default from another enum through a shared enumType, a two-field key, and the namespace set by the project.
/// </summary>
public sealed class SmallSchemaTests
{
    private const string Key = """
        "site": "east", "host": "gw1.example.net"
        """;

    private static DefinitionType Gateway => CompiledSchemas.Gateway;

    [Fact]
    public void Enum_defaultFrom_follows_the_other_field_and_its_map()
    {
        var relayNo = Gateway.ReadValid("{" + Key + """, "relay": "no" }""");
        var nothingSet = Gateway.ReadValid("{" + Key + "}");

        Assert.Contains("BackupRelay=never", Lines(Gateway.CallRules(relayNo)));
        Assert.Contains("BackupRelay=automatic", Lines(Gateway.CallRules(nothingSet)));
    }

    [Fact]
    public void String_defaultFrom_and_integer_default_reach_the_call_rules()
    {
        var gateway = Gateway.ReadValid("{" + Key + "}");

        Assert.Equal(
            new[] { "[east/gw1.example.net]", "Site=east", "Host=gw1.example.net", "BackupHost=gw1.example.net", "MaxCalls=10", "Transport=UDP", "Relay=automatic", "BackupRelay=automatic" },
            Lines(Gateway.CallRules(gateway)));
    }

    [Fact]
    public void Key_field_before_the_last_may_not_contain_the_section_separator()
    {
        var result = Gateway.Read("{" + Key.Replace("east", "east/1") + "}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.KeySeparator, error.Code);
        Assert.Equal("site", error.Field);
    }

    [Fact]
    public void Unsupported_field_set_to_null_is_not_an_error()
    {
        var result = Gateway.Read("{" + Key + """, "routing": null }""");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Object_field_keeps_its_raw_json_through_a_round_trip()
    {
        var result = Gateway.Read("{" + Key + """, "routing": {"a": [1, {"b": null}]} }""");

        Assert.Equal(ErrorCodes.Unsupported, Assert.Single(result.Errors).Code);
        Assert.Contains("\"routing\":{\"a\": [1, {\"b\": null}]}", Gateway.Json(result.Definition));
    }

    [Fact]
    public void Project_namespace_metadata_wins_over_the_schema_namespace()
    {
        var schema = new InMemoryAdditionalText("schema/gateway.schema.json", TestSchemas.Read("gateway"));
        var metadata = new ItemMetadata().Set("schema/gateway.schema.json", CallRulesGenerator.NamespaceMetadata, "Acme.Telephony");

        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { schema }, metadata), GeneratorHarness.ConsumerCompilation());

        Assert.Empty(run.Diagnostics);
        Assert.All(run.Files, f => Assert.StartsWith("Acme.Telephony.Gateway.", f.HintName));
        Assert.Contains("namespace Acme.Telephony\n", run.File("Model"));
    }

    [Fact]
    public void Project_namespace_metadata_that_is_not_a_namespace_is_reported()
    {
        var schema = new InMemoryAdditionalText("schema/gateway.schema.json", TestSchemas.Read("gateway"));
        var metadata = new ItemMetadata().Set("schema/gateway.schema.json", CallRulesGenerator.NamespaceMetadata, "Acme.2Telephony");

        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { schema }, metadata), GeneratorHarness.ConsumerCompilation());

        var diagnostic = run.SingleDiagnostic();
        Assert.Equal("CRG015", diagnostic.Id);
        Assert.Contains("The namespace set in the project (CallRulesNamespace) 'Acme.2Telephony'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Files);
    }

    [Fact]
    public void Two_schemas_in_one_project_generate_two_types_that_compile_together()
    {
        var run = GeneratorHarness.Run(
            new InMemoryAdditionalText("schema/gateway.schema.json", TestSchemas.Read("gateway")),
            new InMemoryAdditionalText("schema/minimal.schema.json", TestSchemas.Read("minimal")));

        var assembly = GeneratedAssembly.Compile(run.Files);

        Assert.NotNull(assembly.Type("Example.Gateways.Gateway"));
        Assert.NotNull(assembly.Type("Example.Extensions.Extension"));
    }

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');
}
