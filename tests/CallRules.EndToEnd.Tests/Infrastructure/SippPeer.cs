using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>The SIP transport of a SIPp peer.</summary>
internal enum SipTransport
{
    Udp,
    Tcp,
}

/// <summary>How to run one SIPp peer (a scenario in <c>samples/kamailio/sipp</c>).</summary>
internal sealed record SippOptions
{
    /// <summary>The scenario file name: <c>uac.xml</c>, <c>uac-refused.xml</c>, <c>uac-auth.xml</c> or <c>uas.xml</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>The peer's own loopback address (127.0.0.x): its SIP, control and media sockets bind there.</summary>
    public required string LocalIp { get; init; }

    /// <summary>The peer's SIP port; one is allocated when absent.</summary>
    public int? LocalPort { get; init; }

    /// <summary>Where a caller sends its calls (the server); absent for a far end, which waits.</summary>
    public string? Remote { get; init; }

    public SipTransport Transport { get; init; } = SipTransport.Udp;

    /// <summary>How many calls to place, or to answer (<c>-m</c>): SIPp ends after that many.</summary>
    public int Calls { get; init; } = 1;

    /// <summary>How long an answered call is held before the caller hangs up (<c>-d</c>).</summary>
    public int HoldMilliseconds { get; init; }

    /// <summary>The dialled user: the Request-URI's user part (<c>-s</c>).</summary>
    public string Dial { get; init; } = "15551234567";

    /// <summary>The caller's From URI is <c>sip:FromUser@FromHost</c> (origination matches on it).</summary>
    public string FromUser { get; init; } = "alice";

    /// <summary>The host of the caller's From URI; <see cref="LocalIp"/> when absent.</summary>
    public string? FromHost { get; init; }

    public string? AuthUser { get; init; }

    public string? AuthPassword { get; init; }

    /// <summary>SIPp's own global limit (<c>-timeout</c>, an error when reached).</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>
    /// How many of a caller's calls may be up at once (<c>-l</c>): 1 places them one after the other; more, with
    /// <see cref="CallsPerSecond"/>, makes a burst.
    /// </summary>
    public int Concurrent { get; init; } = 1;

    /// <summary>How fast a caller starts calls (<c>-r</c>, calls a second); SIPp's default when absent.</summary>
    public int? CallsPerSecond { get; init; }
}

/// <summary>How a SIPp peer ended: its exit code (0 = every call as scripted, 1 = a call failed, 255 = timed out) and what it saw.</summary>
internal sealed record SippResult(int ExitCode, SipTrace Trace, string Output, string Description)
{
    public override string ToString() =>
        $"sipp exited {ExitCode.ToString(CultureInfo.InvariantCulture)}: {Description}\n--- output ---\n{Output}\n--- messages ---\n{Trace.Text}";
}

/// <summary>A running SIPp peer. Bounded by <c>-m</c> and <c>-timeout</c>; disposing it stops it by its PID.</summary>
internal sealed class SippPeer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly SippOptions _options;

    private SippPeer(ChildProcess process, SippOptions options, string messageFile)
    {
        _process = process;
        _options = options;
        MessageFile = messageFile;
    }

    public string MessageFile { get; }

    /// <summary>What the peer has recorded so far.</summary>
    public SipTrace Trace => SipTrace.Read(MessageFile);

    public static SippPeer Start(SippOptions options, string workFolder)
    {
        SipTools.EnsureAvailable();
        var sipPort = options.LocalPort ?? TestPorts.NextFree(options.LocalIp);
        var controlPort = TestPorts.NextFree(options.LocalIp);
        var mediaPort = TestPorts.NextFree(options.LocalIp, 4);
        var name = $"{Path.GetFileNameWithoutExtension(options.Scenario)}-{options.LocalIp}-{sipPort.ToString(CultureInfo.InvariantCulture)}";
        var messageFile = Path.Combine(workFolder, name + ".messages.log");

        var arguments = new List<string>
        {
            "-sf", SipTools.Scenario(options.Scenario),
            "-i", options.LocalIp,
            "-p", sipPort.ToString(CultureInfo.InvariantCulture),
            "-mi", options.LocalIp,
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-ci", options.LocalIp,
            "-cp", controlPort.ToString(CultureInfo.InvariantCulture),
            "-t", options.Transport == SipTransport.Tcp ? "t1" : "u1",
            "-m", options.Calls.ToString(CultureInfo.InvariantCulture),
            "-timeout", options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s",
            "-timeout_error",
            "-nostdin",
            "-trace_msg", "-message_file", messageFile,
        };
        if (options.Remote is not null)
        {
            arguments.InsertRange(0, [options.Remote]);
            arguments.AddRange([
                "-s", options.Dial,
                "-d", options.HoldMilliseconds.ToString(CultureInfo.InvariantCulture),
                "-key", "from_user", options.FromUser,
                "-key", "from_host", options.FromHost ?? options.LocalIp,
            ]);
            arguments.AddRange(["-l", options.Concurrent.ToString(CultureInfo.InvariantCulture)]);
            if (options.CallsPerSecond is { } rate) arguments.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }
        if (options.AuthUser is not null) arguments.AddRange(["-au", options.AuthUser]);
        if (options.AuthPassword is not null) arguments.AddRange(["-ap", options.AuthPassword]);

        var process = ChildProcess.Start("sipp", arguments, workFolder);
        return new SippPeer(process, options, messageFile);
    }

    /// <summary>Waits for the peer to finish its calls (or its own timeout) and returns how it went.</summary>
    public async Task<SippResult> WaitAsync()
    {
        var exitCode = await _process.WaitForExitAsync(TimeSpan.FromSeconds(_options.TimeoutSeconds + 10));
        return new SippResult(exitCode, Trace, _process.Output, _process.Description);
    }

    /// <summary>Waits until the peer has sent the ACK that confirms a call (the call is up), or fails.</summary>
    public async Task WaitUntilCallIsUpAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var trace = Trace;
            if (trace.Received.Any(m => m.StatusCode == 200 && m.Single("CSeq").EndsWith("INVITE", StringComparison.Ordinal))
                && trace.Sent.Any(m => m.Method == "ACK"))
                return;
            if (_process.HasExited) break;
            await Task.Delay(20);
        }
        throw new InvalidOperationException(
            $"The call was not up within {limit.TotalSeconds:0} s (no 200 to the INVITE acknowledged).\n{_process.Description}\n{_process.Output}\n{Trace.Text}");
    }

    /// <summary>Stops the peer by its PID (for a far end that is expected to receive nothing).</summary>
    public Task StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
