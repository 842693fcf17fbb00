using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CallRules.TestSupport;

namespace CallRules.Cli.Tests.Faults;

/// <summary>
/// A running <c>callrules</c> the test controls as a user's shell would: its process id, its open files (from
/// <c>/proc</c>), signals sent with <c>kill</c>, and an exit that is waited for with a bound.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { lock (_stdout) if (e.Data is not null) _stdout.Append(e.Data).Append('\n'); };
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) if (e.Data is not null) _stderr.Append(e.Data).Append('\n'); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public static CliProcess Start(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "callrules.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM, KILL) to the process, as <c>kill -s</c> does.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the process to end; a hang fails the test (and the process is killed).</summary>
    public CliRun WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"callrules did not end within {timeout.TotalSeconds} s (a hang); stderr so far:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the output readers
        return new CliRun(_process.ExitCode, Stdout, Stderr);
    }

    public bool HasExited => _process.HasExited;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>
    /// The files the process has open whose path starts with <paramref name="folder"/>: the target of each
    /// <c>/proc/&lt;pid&gt;/fd</c> link (an unlinked file's target ends with <c> (deleted)</c>), and the link itself.
    /// </summary>
    public IReadOnlyList<(string Target, string Link)> OpenFilesUnder(string folder)
    {
        var found = new List<(string, string)>();
        try
        {
            foreach (var link in Directory.EnumerateFileSystemEntries($"/proc/{Id}/fd"))
            {
                string? target;
                try { target = new FileInfo(link).LinkTarget; }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                if (target is not null && target.StartsWith(folder, StringComparison.Ordinal)) found.Add((target, link));
            }
        }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        return found;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or fails the test after <paramref name="timeout"/>.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (HasExited) Assert.Fail($"callrules ended (exit {_process.ExitCode}) before {what}; stderr:\n{Stderr}");
            if (watch.Elapsed > timeout) Assert.Fail($"{what} did not happen within {timeout.TotalSeconds} s");
            Thread.Sleep(2);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}

/// <summary>Things a fault test needs around the process: large inputs, file modes, a small file system.</summary>
internal static class FaultKit
{
    public const string SecretPrefix = "Spill-Secret-";

    /// <summary>
    /// Writes one file of <paramref name="count"/> valid definitions, each with a registration password, large
    /// enough that the compiled sections move from memory to the temporary folder (8 MiB per worker).
    /// </summary>
    public static string LargeInput(string folder, int count, string name = "large.json")
    {
        var path = Path.Join(folder, name);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        writer.Write('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0) writer.Write(",\n");
            writer.Write($$"""{"domain": "d{{i % 97}}.example", "connection-orig-match-pattern": "sip*@10.{{i}}", "connection-sip-registration-username": "user-{{i}}", "connection-sip-registration-password": "{{SecretPrefix}}{{i}}", "description": "Carrier trunk number {{i}} for the fault tests"}""");
        }
        writer.Write("]\n");
        return Path.GetFileName(path);
    }

    /// <summary>The permission bits of <paramref name="path"/> in octal, as <c>stat -L -c %a</c> prints them.</summary>
    public static string ModeOf(string path)
    {
        var stat = ProcessRunner.Run("stat", ["-L", "-c", "%a", path], Environment.CurrentDirectory);
        return stat.ExitCode == 0 ? stat.Output.Trim() : "gone";
    }

    /// <summary>Runs a command that must succeed (mount, umount).</summary>
    public static void Run(string file, params string[] args)
    {
        var run = ProcessRunner.Run(file, args, Environment.CurrentDirectory);
        Assert.True(run.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {run.Error}");
    }

    /// <summary>
    /// What callrules left in a temporary folder. (The .NET runtime's own diagnostics pipes, clr-debug-pipe-* and
    /// dotnet-diagnostic-*, which a killed process leaves too and which hold nothing, are not callrules' files. The
    /// socket's name is cut where its path reaches the 107 characters a Unix socket path may have, so in a deep
    /// folder it is any start of that name: "dotnet-diagnosti" in the test folders.)
    /// </summary>
    public static IReadOnlyList<string> SpillFiles(string folder) =>
        Cli.Entries(folder).Where(name => !name.StartsWith("clr-debug-pipe-", StringComparison.Ordinal)
            && !IsDiagnosticsSocket(name)).ToArray();

    private static bool IsDiagnosticsSocket(string name) =>
        name.StartsWith(DiagnosticsSocket, StringComparison.Ordinal)
        || (name.Length >= "dotnet-".Length && DiagnosticsSocket.StartsWith(name, StringComparison.Ordinal));

    private const string DiagnosticsSocket = "dotnet-diagnostic-";

    public static Dictionary<string, string> TempDir(string folder) => new() { ["TMPDIR"] = folder };

    public static string[] HiddenTemporaryFiles(string folder) =>
        Directory.GetFiles(folder, ".*.tmp").Select(Path.GetFileName).OfType<string>().ToArray();
}

/// <summary>A test that needs root (to mount a small file system); skipped, saying so, when the tests do not run as root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            Skip = "needs root on Linux to mount a small tmpfs (CI runs as root)";
    }
}
