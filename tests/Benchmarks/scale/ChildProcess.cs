using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace CallRules.Benchmarks.Scale;

/// <summary>What one run of a command cost: wall time, CPU time (user + system, every thread), peak memory.</summary>
public readonly record struct RunCost(double WallSeconds, double UserSeconds, double SystemSeconds, long PeakRssBytes, int ExitCode, string Output)
{
    /// <summary>CPU time, user and system.</summary>
    public double CpuSeconds => UserSeconds + SystemSeconds;

    /// <summary>How many cores the run kept busy on average.</summary>
    public double CpuPerWall => CpuSeconds / Math.Max(WallSeconds, 1e-6);
}

/// <summary>
/// Runs a command as a child process, one at a time, and measures it from outside: wall time with a monotonic clock
/// around start and exit, CPU time as the growth of this process's <c>getrusage(RUSAGE_CHILDREN)</c> (which counts a
/// child once it has been waited for, its threads and its own children included), and peak RSS through GNU time
/// (<c>/usr/bin/time</c>) when it is installed. Nothing else may start children meanwhile, so runs are never
/// overlapped.
/// </summary>
public static class ChildProcess
{
    private const string GnuTime = "/usr/bin/time";
    private const int RusageChildren = -1;

    /// <summary>Whether peak RSS is measured (GNU time is installed).</summary>
    public static bool MeasuresMemory => File.Exists(GnuTime);

    /// <summary>Runs <paramref name="command"/> with <paramref name="arguments"/> and waits for it.</summary>
    public static RunCost Run(string command, IReadOnlyList<string> arguments, string workingDirectory)
    {
        string? rssFile = null;
        var start = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (MeasuresMemory)
        {
            rssFile = Path.GetTempFileName();
            start.FileName = GnuTime;
            foreach (var a in (string[])["-f", "%M", "-o", rssFile, command]) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = command;
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The JIT build is `dotnet callrules.dll`: make sure no startup hook or diagnostics of this process leak into it.
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");

        var before = ChildrenUsage();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        var after = ChildrenUsage();

        long rss = -1;
        if (rssFile is not null)
        {
            var lines = File.ReadAllLines(rssFile);
            File.Delete(rssFile);
            // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
            if (lines.Length > 0 && long.TryParse(lines[^1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                rss = kb * 1024;
        }
        return new RunCost(clock.Elapsed.TotalSeconds,
            after.User - before.User, after.System - before.System, rss, process.ExitCode,
            (stdout.Result + stderr.Result).Trim());
    }

    private static (double User, double System) ChildrenUsage()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return (usage.UserSeconds + usage.UserMicroseconds / 1e6, usage.SystemSeconds + usage.SystemMicroseconds / 1e6);
    }

    /// <summary>The start of Linux's <c>struct rusage</c> (x64 and arm64: two timevals, then fourteen longs).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss, Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);
}
