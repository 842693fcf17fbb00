using System.IO;
using System.Text.Json;
using CallRules.Packaging.Tests.Infrastructure;
using Json.Schema;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>The consumer sample's schema file, as an editor sees it through its <c>$schema</c>.</summary>
public sealed class ConsumerSchemaTests
{
    [Fact]
    public void Consumer_schema_names_the_meta_schema_and_follows_it()
    {
        var schemaFile = RepositoryPaths.Combine("samples", "Consumer", "gateway.schema.json");
        using var document = JsonDocument.Parse(File.ReadAllText(schemaFile));
        var metaSchemaPath = document.RootElement.GetProperty("$schema").GetString()!;
        var metaSchemaFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(schemaFile)!, metaSchemaPath));
        Assert.Equal(RepositoryPaths.Combine("schema", "callrules-schema.json"), metaSchemaFile);

        var metaSchema = JsonSchema.FromText(File.ReadAllText(metaSchemaFile));
        var results = metaSchema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, JsonSerializer.Serialize(results));
    }
}
