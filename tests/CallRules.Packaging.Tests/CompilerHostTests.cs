using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CallRules.Packaging.Tests.Infrastructure;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>
/// Which compiler hosts can load the packed generator (docs/packaging.md, "Supported compiler hosts"). A .NET
/// Framework host (Visual Studio's in-process compiler, MSBuild.exe) provides netstandard2.0 and the compiler's own
/// assemblies, nothing else. The generator asks for no more than that and Scriban.Signed; Scriban.Signed's
/// netstandard2.0 build is what asks for System.Text.Json 10, Microsoft.CSharp and System.Threading.Tasks.Extensions,
/// which only a .NET 10 host resolves. These tests read the assemblies in the package and keep both halves of that
/// statement true, so the limitation never grows unnoticed.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class CompilerHostTests(PackedFeed feed)
{
    // Roslyn's own dependencies, which ship with every compiler host, .NET Framework ones included.
    private static readonly string[] s_compilerAssemblies =
    [
        "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "System.Collections.Immutable", "System.Memory",
        "System.Runtime.CompilerServices.Unsafe", "System.Reflection.Metadata",
    ];

    [Fact]
    public void Generator_references_only_netstandard_the_compiler_and_Scriban()
    {
        var references = References(feed.GeneratorPackage, "analyzers/dotnet/cs/CallRules.Generator.dll");

        Assert.Contains("netstandard", references.Keys);
        Assert.Contains("Scriban.Signed", references.Keys);
        Assert.Empty(references.Keys.Except(s_compilerAssemblies.Append("netstandard").Append("Scriban.Signed")));
    }

    [Fact]
    public void Scriban_netstandard_build_is_what_needs_a_dotnet_10_host()
    {
        var references = References(feed.GeneratorPackage, "analyzers/dotnet/cs/Scriban.Signed.dll");

        Assert.Contains("netstandard", references.Keys);
        Assert.True(references["System.Text.Json"].Major >= 10, $"Scriban.Signed references System.Text.Json {references["System.Text.Json"]}");
        Assert.Contains("Microsoft.CSharp", references.Keys);
        Assert.Contains("System.Threading.Tasks.Extensions", references.Keys);
    }

    /// <summary>The assemblies <paramref name="entry"/> of <paramref name="package"/> references, by name, with versions.</summary>
    private static Dictionary<string, Version> References(string package, string entry)
    {
        using var zip = ZipFile.OpenRead(package);
        using var stream = zip.GetEntry(entry)?.Open() ?? throw new InvalidOperationException($"{package} has no {entry}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        using var pe = new PEReader(copy);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(metadata.GetAssemblyReference)
            .ToDictionary(r => metadata.GetString(r.Name), r => r.Version);
    }
}
