using System;
using System.Collections.Generic;
using System.IO;
using CallRules.TestSupport;
using Xunit;
namespace CallRules.Packaging.Tests.Infrastructure;

/// <summary>
/// A local folder feed holding CallRules.Generator and CallRules.Runtime packed from this repository, with a version no
/// other run uses (the global packages folder keeps the first copy of a version), and a packages folder of its own
/// for everything restored from it. Packing builds into a temporary artifacts folder, so the repository's bin/ and
/// obj/ (which others may be building) are not touched. Deleted at the end of the run.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private readonly object _toolLock = new();
    private string? _toolPackage;

    public PackedFeed()
    {
        Version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];
        Root = Path.Combine(Path.GetTempPath(), "callrules-packaging-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        PackagesFolder = Path.Combine(Root, "nuget-packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);

        GeneratorPackage = Pack("generator/CallRules.Generator/CallRules.Generator.csproj", "CallRules.Generator");
        RuntimePackage = Pack("runtime/CallRules.Runtime/CallRules.Runtime.csproj", "CallRules.Runtime");
    }

    /// <summary>The package version of this run, such as <c>0.1.0-test.3f2a…</c>.</summary>
    public string Version { get; }

    /// <summary>The temporary folder of this run: feed, packages folder, artifacts, copied projects.</summary>
    public string Root { get; }

    /// <summary>The local folder feed.</summary>
    public string Feed { get; }

    /// <summary>The NUGET_PACKAGES folder for everything built against the feed.</summary>
    public string PackagesFolder { get; }

    public string GeneratorPackage { get; }

    public string RuntimePackage { get; }

    /// <summary>The environment a consumer's dotnet runs in: its own packages folder.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = PackagesFolder,
    };

    /// <summary>The CLI tool package, packed on first use (only the tool test needs it).</summary>
    public string ToolPackage
    {
        get
        {
            lock (_toolLock)
                return _toolPackage ??= Pack("runtime/CallRules.Cli/CallRules.Cli.csproj", "CallRules.Cli");
        }
    }

    /// <summary>Runs dotnet in <paramref name="workingDirectory"/> with the consumer environment.</summary>
    internal ProcessResult DotNet(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run("dotnet", arguments, workingDirectory, ConsumerEnvironment);

    /// <summary>A fresh folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    private string Pack(string project, string packageId)
    {
        var result = ProcessRunner.Run("dotnet",
            [
                "pack", RepositoryPaths.Combine(project), "-c", "Release", "-o", Feed,
                "-p:Version=" + Version, "--artifacts-path", Path.Combine(Root, "artifacts"), "-nodeReuse:false",
            ],
            RepositoryPaths.Root);
        var package = Path.Combine(Feed, $"{packageId}.{Version}.nupkg");
        Assert.True(result.ExitCode == 0 && File.Exists(package), result.ToString());
        return package;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its test may still hold a file; the folder is in temp and names no secret.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The tests that pack and consume: one feed per run, and one at a time (they run dotnet builds).</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}
