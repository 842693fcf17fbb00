using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace CallRules.Cli.Hosting;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (a service manager, <c>kill</c>) stop a run cleanly instead of killing it: the first
/// such signal cancels <see cref="Token"/>, the pipeline and the output writer stop, remove their temporary files and
/// leave every output file as it was, and the process exits with 128 + the signal's number (130, 143), as a shell
/// reports a process killed by it. A second signal is not caught: it ends the process at once. (Temporary spill files
/// have no name, so even then nothing of them is left; a partly written output file is removed by the next run.)
/// A run that has not wound down <see cref="Grace"/> after the first signal (a read that cannot be cancelled: a pipe
/// whose writer sends nothing) is ended then with the same exit code, so one SIGTERM from a service manager or
/// <c>timeout</c> always ends the process.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal; // 0 until the first signal, then its exit code

    /// <summary>How long a run has, after the first signal, to stop by itself.</summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Starts catching SIGINT and SIGTERM; dispose to stop.</summary>
    public static Interruption Register() => new();

    /// <summary>Cancelled on the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The exit code for the signal received (130 for SIGINT, 143 for SIGTERM), or null when none was.</summary>
    public int? ExitCode => Volatile.Read(ref _signal) is var code and > 0 ? code : null;

    /// <summary>The name of the signal received, for the message.</summary>
    public string SignalName => ExitCode == 130 ? "SIGINT" : "SIGTERM";

    private void Handle(PosixSignalContext context)
    {
        var code = context.Signal == PosixSignal.SIGINT ? 130 : 143;
        if (Interlocked.CompareExchange(ref _signal, code, 0) != 0) return; // the second signal: the default, an immediate end
        context.Cancel = true;
        _source.Cancel();
        new Thread(() => EndAfterGrace(code)) { IsBackground = true, Name = "callrules: end after the grace period" }.Start();
    }

    private void EndAfterGrace(int code)
    {
        Thread.Sleep(Grace);
        Console.Error.WriteLine($"callrules: stopped by {SignalName}; the run did not wind down within {Grace.TotalSeconds:0} s " +
                                "(an input still being read, such as a pipe whose writer sends nothing), so it ended at once; " +
                                "temporary files it left are removed by the next run.");
        Environment.Exit(code);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
