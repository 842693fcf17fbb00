using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>
/// Generated files compiled into an in-memory assembly, as a consumer project would compile them: nullable enabled,
/// every warning on, XML docs checked. The assembly is loaded so tests can run what was generated.
/// </summary>
internal sealed class GeneratedAssembly
{
    private GeneratedAssembly(Assembly assembly) => Assembly = assembly;

    public Assembly Assembly { get; }

    /// <summary>
    /// Compiles <paramref name="files"/> and loads the result; fails, listing them, on any diagnostic that is not
    /// hidden (warnings included).
    /// </summary>
    public static GeneratedAssembly Compile(IEnumerable<(string HintName, string Text)> files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, GeneratorHarness.ParseOptions, path: f.HintName)).ToList();
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            trees,
            GeneratorHarness.References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                deterministic: true));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var reported = emitted.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();
        Assert.True(reported.Count == 0 && emitted.Success,
            "The generated code does not compile cleanly:\n" + string.Join("\n", reported.Select(d => d.ToString())));
        return new GeneratedAssembly(Assembly.Load(image.ToArray()));
    }

    /// <summary>The generated type named <paramref name="fullName"/>.</summary>
    public Type Type(string fullName) =>
        Assembly.GetType(fullName) ?? throw new InvalidOperationException($"The generated assembly has no type {fullName}.");

    /// <summary>The definition type <paramref name="fullName"/>, with the probe that reads, validates and writes it.</summary>
    public DefinitionType Definition(string fullName) => new(Type(fullName));
}
