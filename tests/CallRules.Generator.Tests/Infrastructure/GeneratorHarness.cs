using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="CallRulesGenerator"/> in process, the way the compiler does: schema files as additional texts,
/// a consumer compilation, and step tracking on so tests can see what was cached.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The path schema texts get when a test does not name one.</summary>
    public const string DefaultSchemaPath = "schema/test.schema.json";

    /// <summary>Latest C#, with XML doc comments checked, as in a project with GenerateDocumentationFile.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>The .NET 10 reference assemblies and CallRules.Runtime, which generated code depends on.</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CallRules.Runtime.IDefinition<>).Assembly.Location))
            .ToImmutableArray();

    /// <summary>A driver over <paramref name="additionalTexts"/>, with item metadata from <paramref name="options"/>.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new CallRulesGenerator().AsSourceGenerator() },
            additionalTexts,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>A consumer project with one ordinary class in it.</summary>
    public static CSharpCompilation ConsumerCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            (sources.Length == 0 ? new[] { "namespace Consumer { public static class Placeholder { } }" } : sources)
                .Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Runs the generator once over one schema text.</summary>
    public static GeneratorRun Run(string schemaText, string path = DefaultSchemaPath) =>
        Run(new InMemoryAdditionalText(path, schemaText));

    /// <summary>Runs the generator once over the given additional files.</summary>
    public static GeneratorRun Run(params AdditionalText[] additionalTexts) =>
        Run(CreateDriver(additionalTexts), ConsumerCompilation());

    /// <summary>Runs <paramref name="driver"/> over <paramref name="compilation"/> and keeps the advanced driver.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGenerators(compilation);
        return new GeneratorRun(driver, compilation);
    }
}

/// <summary>One run of the generator: the advanced driver (immutable; run it again for the next step) and what it produced.</summary>
internal sealed class GeneratorRun
{
    public GeneratorRun(GeneratorDriver driver, CSharpCompilation compilation)
    {
        Driver = driver;
        Compilation = compilation;
        Result = driver.GetRunResult().Results.Single();
        Assert.Null(Result.Exception);
    }

    public GeneratorDriver Driver { get; }
    public CSharpCompilation Compilation { get; }
    public GeneratorRunResult Result { get; }

    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>The generated files by hint name, in the order they were added.</summary>
    public IReadOnlyList<(string HintName, string Text)> Files =>
        Result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

    /// <summary>The text of the generated file whose hint name ends in <c>.{suffix}.g.cs</c>.</summary>
    public string File(string suffix) => Files.Single(f => f.HintName.EndsWith("." + suffix + ".g.cs", System.StringComparison.Ordinal)).Text;

    /// <summary>The run's only diagnostic; fails, listing them, when there is not exactly one.</summary>
    public Diagnostic SingleDiagnostic()
    {
        Assert.True(Diagnostics.Length == 1,
            $"Expected one diagnostic, got {Diagnostics.Length}:\n" + string.Join("\n", Diagnostics.Select(Describe)));
        return Diagnostics[0];
    }

    /// <summary>A diagnostic as a user reads it: <c>ID (line,column): message</c>, 1-based.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return $"{diagnostic.Id} ({start.Line + 1},{start.Character + 1}): {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
