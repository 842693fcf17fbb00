using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallRules.TestSupport;

namespace CallRules.Cli.Tests;

/// <summary>What one run of the CLI did.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs <c>dotnet callrules.dll</c> the way a user meets it: a process, arguments, a working folder, an environment.</summary>
internal static class Cli
{
    public static string RepositoryRoot => TestSupport.RepositoryRoot.Path;

    public static string Samples => Path.Join(RepositoryRoot, "samples", "connections");

    public static string Golden => Path.Join(RepositoryRoot, "samples", "golden");

    public static CliRun Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static CliRun Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
        RunTool("callrules.dll", workingDirectory, environment, args);

    /// <summary>
    /// Runs <c>dotnet peerrules.dll</c>: the same command built with tests/Fixtures/PeerCli/peer.schema.json, a schema
    /// that deprecates, renames and removes fields against its shipped baseline.
    /// </summary>
    public static CliRun RunPeer(string workingDirectory, params string[] args) => RunTool("peerrules.dll", workingDirectory, null, args);

    /// <summary>The folder of the test schema peer.schema.json and its baseline.</summary>
    public static string PeerFixture => Path.Join(RepositoryRoot, "tests", "Fixtures", "PeerCli");

    private static CliRun RunTool(string tool, string workingDirectory, IDictionary<string, string>? environment, string[] args)
    {
        var run = ProcessRunner.Run("dotnet", [Path.Join(AppContext.BaseDirectory, tool), .. args], workingDirectory,
            environment?.AsReadOnly(), TimeSpan.FromSeconds(120));
        return new CliRun(run.ExitCode, run.Output, run.Error);
    }

    public static string TempFolder() => TemporaryFolders.Create();

    /// <summary>Copies the samples into a fresh folder, so a test may add broken files beside them.</summary>
    public static string CopyOfSamples()
    {
        var folder = TempFolder();
        var definitions = Path.Join(folder, "definitions");
        Directory.CreateDirectory(definitions);
        foreach (var file in Directory.GetFiles(Samples, "*.json"))
            File.Copy(file, Path.Join(definitions, Path.GetFileName(file)));
        return folder;
    }

    public static IReadOnlyList<string> Entries(string folder) =>
        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
}
