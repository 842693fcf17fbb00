using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Basic.Reference.Assemblies;
using CallRules.Generator;
using CallRules.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Benchmarks.Generator;

/// <summary>
/// What the generator benchmarks drive: CallRulesGenerator and System.Text.Json's source generator in one process,
/// each in a <see cref="CSharpGeneratorDriver"/> over a real compilation, as the compiler runs them in a build.
/// </summary>
public static class GeneratorHarness
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    /// <summary>A small, unrelated C# file every compilation holds; the "unrelated edit" changes it.</summary>
    private const string UnrelatedCode = """
        namespace Consumer;
        public static class Greeting
        {
            public static string Text => "hello";
        }
        """;

    /// <summary>The connection schema beside the binary.</summary>
    public static string ConnectionSchemaText() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "connection.schema.json"));

    /// <summary>A compilation of the unrelated file plus <paramref name="sources"/>, against the .NET 10 reference assemblies.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Prepend(UnrelatedCode).Select(s => CSharpSyntaxTree.ParseText(s, s_parseOptions)),
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The same compilation after an edit that has nothing to do with any generator: a type added to the unrelated file.</summary>
    public static CSharpCompilation WithUnrelatedEdit(CSharpCompilation compilation)
    {
        var old = compilation.SyntaxTrees.First();
        var edited = CSharpSyntaxTree.ParseText(UnrelatedCode + "\npublic static class Added\n{\n    public static int Answer() => 42;\n}\n", s_parseOptions);
        return compilation.ReplaceSyntaxTree(old, edited);
    }

    /// <summary>A driver for CallRulesGenerator with one schema file.</summary>
    public static GeneratorDriver CreateCallRulesDriver(string schemaText, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new CallRulesGenerator().AsSourceGenerator()],
            [new InMemoryAdditionalText("/schemas/connection.schema.json", schemaText)],
            s_parseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    /// <summary>A driver for System.Text.Json's source generator, loaded from the SDK's targeting pack.</summary>
    public static GeneratorDriver CreateStjDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [s_stjGenerator.Value.AsSourceGenerator()],
            [],
            s_parseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    /// <summary>Runs <paramref name="driver"/> and checks that it produced what it should, without errors.</summary>
    public static GeneratorDriver RunAndCheck(GeneratorDriver driver, Compilation compilation, int expectedFiles)
    {
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult();
        var errors = result.Diagnostics.Concat(result.Results.SelectMany(r => r.Diagnostics))
            .Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0 || result.Results.Any(r => r.Exception is not null))
            throw new InvalidOperationException("The generator failed: " + string.Join("\n", errors.Select(e => e.ToString()))
                + string.Join("\n", result.Results.Select(r => r.Exception?.ToString())));
        var files = result.Results.Sum(r => r.GeneratedSources.Length);
        if (files < expectedFiles)
            throw new InvalidOperationException($"The generator wrote {files} files; expected at least {expectedFiles}.");
        return driver;
    }

    /// <summary>
    /// The steps of the last run that did work (reasons other than Cached and Unchanged), as "step: reason"; empty
    /// when everything was reused.
    /// </summary>
    public static string[] StepsThatRan(GeneratorDriver driver) =>
        driver.GetRunResult().Results
            .SelectMany(r => r.TrackedSteps.Concat(r.TrackedOutputSteps))
            .SelectMany(step => step.Value.SelectMany(run => run.Outputs.Select(o => (step.Key, o.Reason))))
            .Where(x => x.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(x => $"{x.Key}: {x.Reason}")
            .Distinct()
            .ToArray();

    /// <summary>
    /// The C# of the 51-property class System.Text.Json's generator runs on: the hand-written baseline's own source
    /// (embedded at build time), plus a serializer context for it.
    /// </summary>
    public static string[] StjSources()
    {
        using var stream = typeof(GeneratorHarness).Assembly.GetManifestResourceStream("CallRules.Benchmarks.HandWrittenConnection.cs")
            ?? throw new InvalidOperationException("The embedded HandWrittenConnection.cs is missing.");
        using var reader = new StreamReader(stream);
        var model = reader.ReadToEnd();
        const string context = """
            using System.Text.Json.Serialization;
            namespace CallRules.Benchmarks.HandWritten;
            [JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
            [JsonSerializable(typeof(HandWrittenConnection))]
            public sealed partial class ConnectionJsonContext : JsonSerializerContext;
            """;
        return [model, context];
    }

    /// <summary>System.Text.Json.SourceGeneration.dll from the targeting pack of the running .NET, found from the dotnet root.</summary>
    public static string StjGeneratorPath()
    {
        var packs = Path.Combine(DotnetRoot(), "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
            throw new DirectoryNotFoundException($"No targeting packs under the dotnet root ({packs}).");
        var runtimeVersion = Environment.Version;
        var candidates = Directory.GetDirectories(packs)
            .Select(dir => (dir, version: Version.TryParse(Path.GetFileName(dir).Split('-')[0], out var v) ? v : null))
            .Where(c => c.version is not null && c.version.Major == runtimeVersion.Major)
            .OrderByDescending(c => c.version)
            .Select(c => Path.Combine(c.dir, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll"))
            .Where(File.Exists)
            .ToArray();
        return candidates.Length > 0
            ? candidates[0]
            : throw new FileNotFoundException($"System.Text.Json.SourceGeneration.dll for .NET {runtimeVersion.Major} not found under {packs}.");
    }

    /// <summary>The dotnet root: DOTNET_ROOT when set, else three folders above the running shared framework.</summary>
    private static string DotnetRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "packs")))
            return fromEnvironment;
        // <root>/shared/Microsoft.NETCore.App/<version>/
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
    }

    private static readonly Lazy<IIncrementalGenerator> s_stjGenerator = new(() =>
    {
        var assembly = Assembly.LoadFrom(StjGeneratorPath());
        var type = assembly.GetTypes().Single(t =>
            typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<GeneratorAttribute>() is not null);
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// A synthetic schema of <paramref name="fieldCount"/> fields shaped like the connection schema: strings with
    /// limits, integers with ranges, yes/no enums with defaults, a description each, and a two-field key.
    /// </summary>
    public static string SyntheticSchema(int fieldCount)
    {
        var text = new StringBuilder();
        text.Append("{\n  \"name\": \"Synthetic\",\n  \"namespace\": \"Consumer.Synthetic\",\n");
        text.Append("  \"description\": \"A synthetic definition type for generator benchmarks.\",\n");
        text.Append("  \"key\": [\"tenant\", \"f0000-match-pattern\"],\n  \"fields\": [\n");
        text.Append("    { \"name\": \"tenant\", \"type\": \"string\", \"required\": true, \"maxLength\": 64, \"pattern\": \"[a-z0-9.-]+\", \"callRule\": \"Tenant\", \"description\": \"The tenant that owns the definition.\" },\n");
        text.Append("    { \"name\": \"f0000-match-pattern\", \"type\": \"string\", \"required\": true, \"maxLength\": 255, \"callRule\": \"Match\", \"description\": \"The pattern that identifies the definition.\" }");
        for (var i = 2; i < fieldCount; i++)
        {
            text.Append(",\n    ");
            var name = $"f{i:D4}-setting";
            switch (i % 3)
            {
                case 0:
                    text.Append($"{{ \"name\": \"{name}-text\", \"type\": \"string\", \"maxLength\": 255, \"callRule\": \"S{i:D4}\", \"description\": \"Text setting number {i}, written to the call rules as it is.\" }}");
                    break;
                case 1:
                    text.Append($"{{ \"name\": \"{name}-limit\", \"type\": \"integer\", \"minimum\": 0, \"maximum\": 100000, \"callRule\": \"L{i:D4}\", \"description\": \"Limit number {i}, a whole number of calls.\" }}");
                    break;
                default:
                    text.Append($"{{ \"name\": \"{name}-enabled\", \"type\": \"enum\", \"enumType\": \"YesNo\", \"values\": [\"yes\", \"no\"], \"default\": \"no\", \"callRule\": \"E{i:D4}\", \"description\": \"Whether feature number {i} is on.\" }}");
                    break;
            }
        }
        text.Append("\n  ]\n}\n");
        return text.ToString();
    }
}
