using System;
using System.Diagnostics;
using System.IO;

namespace CallRules.Benchmarks.Scale;

/// <summary>The programs a process-level run measures, and how each is started.</summary>
public sealed record ScalePrograms(string Floor, string? Native, string? JitDll)
{
    /// <summary>
    /// Publishes what was not given into <paramref name="folder"/>: the floors (tests/Benchmarks/scale/Floor) and the
    /// CLI as Native AOT (<c>-p:NativeCli=true</c>, docs/cli.md), and the CLI for the JIT (<c>dotnet callrules.dll</c>).
    /// Build servers are off so no compiler process outlives the build and competes with the runs.
    /// </summary>
    public static ScalePrograms Build(string repository, string folder, string? floor, string? native, string? jitDll, bool wantNative, bool wantJit)
    {
        floor ??= Publish(repository, "tests/Benchmarks/scale/Floor", Path.Join(folder, "floor"), "callrules-io-floor",
            "-r", "linux-x64", "-p:PublishAot=true");
        if (wantNative)
            native ??= Publish(repository, "runtime/CallRules.Cli", Path.Join(folder, "native"), "callrules",
                "-r", "linux-x64", "-p:NativeCli=true");
        if (wantJit)
            jitDll ??= Publish(repository, "runtime/CallRules.Cli", Path.Join(folder, "jit"), "callrules.dll");
        return new ScalePrograms(floor, wantNative ? native : null, wantJit ? jitDll : null);
    }

    private static string Publish(string repository, string project, string output, string produced, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repository, UseShellExecute = false };
        foreach (var a in (string[])["publish", project, "-c", "Release", "-o", output, "--disable-build-servers", "-nologo", "-v", "quiet"])
            start.ArgumentList.Add(a);
        foreach (var a in extra) start.ArgumentList.Add(a);
        Console.Error.WriteLine($"building {project} ({string.Join(' ', extra)}) ...");
        var clock = Stopwatch.StartNew();
        using (var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start dotnet"))
        {
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish {project} failed (exit {process.ExitCode}).");
        }
        Console.Error.WriteLine($"  built in {clock.Elapsed.TotalSeconds:F0} s");
        var path = Path.Join(output, produced);
        return File.Exists(path) ? path : throw new InvalidOperationException($"dotnet publish {project} did not produce {path}.");
    }
}
