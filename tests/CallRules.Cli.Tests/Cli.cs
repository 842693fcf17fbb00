using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

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
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Samples => Path.Join(RepositoryRoot, "samples", "connections");

    public static string Golden => Path.Join(RepositoryRoot, "samples", "golden");

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Join(folder.FullName, "Compiler.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Compiler.sln not found above " + AppContext.BaseDirectory);
    }

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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, tool));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        // Both streams are read in the background, so a process that hangs is caught by the bound below.
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException("callrules did not finish in 120 s (a hang)");
        }
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempFolder()
    {
        var path = Path.Join(s_runFolder.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    // One folder per test run, removed when the run ends, so runs leave nothing behind in the temporary folder.
    private static readonly Lazy<string> s_runFolder = new(() =>
    {
        var root = Path.Join(Path.GetTempPath(), "callrules-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
        return root;
    });

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
