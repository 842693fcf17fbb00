using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CallRules.Cli.Tests;

/// <summary>
/// Files the repository commits that are produced from the schema: they must be what the commands write today.
/// When a schema change makes one stale, regenerate it with the command in the failure message (or run the tests with
/// CALLRULES_UPDATE_GOLDEN=1) and review the diff.
/// </summary>
public class GeneratedReferenceTests
{
    [Fact]
    public void Committed_field_reference_is_what_callrules_docs_writes()
    {
        var run = Cli.Run(Cli.TempFolder(), "docs");

        Assert.Equal(0, run.ExitCode);
        GoldenFiles.AssertMatches(Path.Join(Cli.RepositoryRoot, "docs", "fields.md"), Encoding.UTF8.GetBytes(run.Stdout),
            "dotnet run --project runtime/CallRules.Cli -- docs --out docs/fields.md");
    }

    [Fact]
    public void Committed_definition_json_schema_is_what_callrules_schema_writes()
    {
        var run = Cli.Run(Cli.TempFolder(), "schema");

        Assert.Equal(0, run.ExitCode);
        GoldenFiles.AssertMatches(Path.Join(Cli.RepositoryRoot, "schema", "connection.definitions.json"), Encoding.UTF8.GetBytes(run.Stdout),
            "dotnet run --project runtime/CallRules.Cli -- schema --out schema/connection.definitions.json");
    }

    [Fact]
    public void Every_sample_object_names_the_committed_json_schema_for_editors()
    {
        var schemaPath = Path.Join(Cli.RepositoryRoot, "schema", "connection.definitions.json");
        var objects = Directory.GetFiles(Cli.Samples, "*.json")
            .Select(path => (path, document: JsonDocument.Parse(File.ReadAllText(path))))
            .Where(sample => sample.document.RootElement.ValueKind == JsonValueKind.Object)
            .ToList();

        Assert.NotEmpty(objects);
        foreach (var (path, document) in objects)
        {
            var reference = document.RootElement.GetProperty("$schema").GetString()!;
            Assert.Equal(Path.GetFullPath(schemaPath), Path.GetFullPath(Path.Join(Path.GetDirectoryName(path), reference)));
        }
    }
}
