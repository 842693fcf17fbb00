using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallRules.Generator.Tests.Infrastructure;
using CallRules.Runtime;
using CallRules.Runtime.Schema;

namespace CallRules.Generator.Tests;

/// <summary>
/// The runtime reads schema files too (callrules baseline, schema-diff): what it makes of a schema must be what the
/// generator made of it, or a baseline would claim breaks that are not there and schema-diff would compile definitions
/// with another meaning. These tests hold the two readings of every schema in the repository equal, and the baseline
/// writer to a canonical form the generator reads back as the same contract.
/// </summary>
public sealed class SchemaFileTests
{
    public static TheoryData<string, string> Schemas => new()
    {
        { "schema/connection.schema.json", "CallRules.Connections.Connection" },
        { "tests/CallRules.Generator.Tests/Schemas/gateway.schema.json", "Example.Gateways.Gateway" },
        { "tests/CallRules.Generator.Tests/Schemas/minimal.schema.json", "Example.Extensions.Extension" },
        { "tests/CallRules.Generator.Tests/Schemas/awkward-names.schema.json", "Example.Awkward.Awkward" },
        { "tests/Fixtures/PeerCli/peer.schema.json", "CallRules.Tests.Peers.Peer" },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Reading_a_schema_at_run_time_gives_the_schema_data_the_generator_emits(string path, string typeName)
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf(path));
        var generated = Generated(text, path, typeName);

        var read = Read(text, Path.GetFileName(path));

        Assert.Equal(Describe(generated), Describe(read));
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void A_baseline_written_from_a_schema_promises_what_the_schema_promises(string path, string typeName)
    {
        _ = typeName;
        var text = File.ReadAllText(RepositoryFiles.PathOf(path));
        var baseline = Encoding.UTF8.GetString(SchemaBaseline.Write(Read(text, Path.GetFileName(path))));

        // Checked against its own baseline, the schema has no breaking change (an allowBreaking entry, if any, is stale).
        var run = GeneratorHarness.Run(
            new InMemoryAdditionalText("schema/x.schema.json", text),
            new InMemoryAdditionalText("schema/x.schema.shipped.json", baseline));

        Assert.All(run.Diagnostics, d => Assert.Equal("CRG049", d.Id));
        Assert.Equal(4, run.Files.Count);
        // And the baseline is in canonical form: writing what it says gives the same bytes.
        Assert.Equal(baseline, Encoding.UTF8.GetString(SchemaBaseline.Write(Read(baseline, Path.GetFileName(path)))));
    }

    [Fact]
    public void The_committed_baselines_are_in_canonical_form()
    {
        foreach (var path in new[] { "schema/connection.schema.shipped.json", "tests/Fixtures/PeerCli/peer.schema.shipped.json" })
        {
            var text = File.ReadAllText(RepositoryFiles.PathOf(path));
            var schemaName = Path.GetFileName(path).Replace(".shipped", "");
            var rewritten = Encoding.UTF8.GetString(SchemaBaseline.Write(Read(text, schemaName)));
            Assert.True(text == rewritten, $"{path} is not what 'callrules baseline' writes; refresh it with 'callrules baseline' at a release, never by hand.");
        }
    }

    [Fact]
    public void The_meta_schema_describes_exactly_the_keywords_the_parsers_read()
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("schema/callrules-schema.json")));
        string[] Names(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order().ToArray();
        var root = meta.RootElement;

        Assert.Equal(Common.SchemaKeywords.OfSchema.Order(), Names(root.GetProperty("properties")));
        Assert.Equal(Common.SchemaKeywords.OfField.Order(), Names(root.GetProperty("$defs").GetProperty("field").GetProperty("properties")));
        Assert.Equal(Common.SchemaKeywords.OfRemoved.Order(), Names(root.GetProperty("properties").GetProperty("removed").GetProperty("items").GetProperty("properties")));
        Assert.Equal(Common.SchemaKeywords.OfAllowBreaking.Order(), Names(root.GetProperty("properties").GetProperty("allowBreaking").GetProperty("items").GetProperty("properties")));
        Assert.Equal(Diagnostics.DiagnosticDescriptors.BreakingIds,
            root.GetProperty("properties").GetProperty("allowBreaking").GetProperty("items").GetProperty("properties").GetProperty("rule").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("{ \"name\": \"Gateway\", \"namespace\": \"G\", \"key\": [\"host\"], \"fields\": [ { \"name\": \"host\", \"type\": \"string\", \"maxLenght\": 5 } ] }",
        1, 105, "'maxLenght' is not a keyword of a field; did you mean 'maxLength'?")]
    [InlineData("{\n  \"name\": \"Gateway\",\n  \"fields\": 3\n}", 3, 13, "'fields' must be an array; found a number.")]
    [InlineData("{\n  \"name\": \"Gateway\",\n  \"key\": [\"host\"],\n  \"fields\": [ { \"name\": \"host\", \"type\": \"strin\" } ]\n}", 4, 15, "Field 'host' has type 'strin'; use one of: string, integer, enum, object.")]
    [InlineData("{\n  \"name\": \"Gateway\",\n}", 3, 1, "The file is not valid JSON:")]
    public void A_schema_file_the_runtime_cannot_read_is_CR3009_at_its_line_and_column(string text, int line, int column, string message)
    {
        var errors = new List<DefinitionError>();

        var schema = SchemaFile.Parse(Encoding.UTF8.GetBytes(text), "old.schema.json", errors);

        Assert.Null(schema);
        var error = errors.First();
        Assert.Equal(ErrorCodes.SchemaUnreadable, error.Code);
        Assert.Equal(("old.schema.json", line, column), (error.File, error.Position.Line, error.Position.Column));
        Assert.StartsWith(message, error.Message);
    }

    private static DefinitionSchema Read(string text, string name)
    {
        var errors = new List<DefinitionError>();
        var schema = SchemaFile.Parse(Encoding.UTF8.GetBytes(text), name, errors);
        Assert.Empty(errors);
        return schema!;
    }

    private static DefinitionSchema Generated(string text, string path, string typeName)
    {
        var run = GeneratorHarness.Run(text, path);
        // Without its baseline, a schema's allowBreaking entries match nothing (CRG049, a warning); nothing else.
        Assert.All(run.Diagnostics, d => Assert.Equal("CRG049", d.Id));
        return CompiledSchemas.SchemaOf(GeneratedAssembly.Compile(run.Files).Definition(typeName));
    }

    /// <summary>Everything the schema data says, as JSON, so a difference shows as text.</summary>
    private static string Describe(DefinitionSchema schema) => JsonSerializer.Serialize(new
    {
        schema.Name,
        schema.Namespace,
        schema.SchemaFile,
        schema.Description,
        schema.Key,
        Removed = schema.Removed.Select(r => new[] { r.Name, r.Reason }),
        Fields = schema.Fields.Select(f => new
        {
            f.Name,
            f.Property,
            f.Kind,
            f.EnumType,
            f.Required,
            f.Description,
            f.Values,
            ValueDescriptions = f.ValueDescriptions.OrderBy(p => p.Key).ToList(),
            Map = f.Map.OrderBy(p => p.Key).ToList(),
            f.Default,
            f.DefaultFrom,
            f.CallRule,
            f.MaxLength,
            f.MinLength,
            f.Minimum,
            f.Maximum,
            f.Pattern,
            f.Format,
            f.Secret,
            f.Unsupported,
            f.Deprecated,
            f.RenamedFrom,
        }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
