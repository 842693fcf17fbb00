using System.IO;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>The schema files the tests generate from: the real connection schema and small ones under Schemas/.</summary>
internal static class TestSchemas
{
    /// <summary>The schema files of Schemas/, by name without <c>.schema.json</c>.</summary>
    public static string Read(string name) =>
        File.ReadAllText(RepositoryFiles.PathOf($"tests/CallRules.Generator.Tests/Schemas/{name}.schema.json"));

    /// <summary>Runs the generator over <c>schema/connection.schema.json</c>.</summary>
    public static GeneratorRun RunConnection() =>
        GeneratorHarness.Run(RepositoryFiles.ConnectionSchema, "schema/connection.schema.json");

    /// <summary>Runs the generator over <c>Schemas/{name}.schema.json</c>.</summary>
    public static GeneratorRun Run(string name) =>
        GeneratorHarness.Run(Read(name), $"Schemas/{name}.schema.json");
}
