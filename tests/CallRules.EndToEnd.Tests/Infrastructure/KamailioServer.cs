using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The sample Kamailio, started the way an operator starts it: <c>samples/kamailio/run.sh &lt;rules&gt; &lt;port&gt;</c>,
/// on 127.0.0.1 (UDP and TCP), or as a node of a cluster (<c>run.sh -a &lt;address&gt; -c &lt;cluster file&gt;</c>).
/// run.sh execs Kamailio, so the PID this holds is Kamailio's.
/// </summary>
internal sealed class KamailioServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _process;

    private KamailioServer(ChildProcess process, string ip, int port)
    {
        _process = process;
        Ip = ip;
        Port = port;
    }

    /// <summary>The address it listens on.</summary>
    public string Ip { get; }

    public int Port { get; }

    /// <summary>Where callers send their calls.</summary>
    public string Address => $"{Ip}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Kamailio's log (stderr) so far.</summary>
    public string Log => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the server and waits until it answers an OPTIONS request; fails with its log if it does not. A
    /// <paramref name="port"/> is given to start a server again where one ran before (same port, same state).
    /// </summary>
    public static Task<KamailioServer> StartAsync(string rulesFile, string workFolder, int? port = null)
        => StartAsync(rulesFile, workFolder, "127.0.0.1", port, clusterFile: null);

    /// <summary>
    /// Starts a node of the cluster that <paramref name="clusterFile"/> lists, at <paramref name="ip"/>:<paramref name="port"/>
    /// (one of its lines), and waits until it answers OPTIONS with 200: it has then learnt the calls in progress.
    /// </summary>
    public static async Task<KamailioServer> StartAsync(string rulesFile, string workFolder, string ip, int? port, string? clusterFile)
    {
        port ??= TestPorts.NextFree(ip);
        var process = Launch(rulesFile, ip, port.Value, clusterFile, workFolder);
        var server = new KamailioServer(process, ip, port.Value);
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Runs the server on a file it is expected to refuse: returns its exit code and log once it ends.</summary>
    public static async Task<(int ExitCode, string Log)> RunUntilExitAsync(string rulesFile, string workFolder)
    {
        await using var process = Launch(rulesFile, "127.0.0.1", TestPorts.NextFree("127.0.0.1"), clusterFile: null, workFolder);
        var exitCode = await process.WaitForExitAsync(s_startLimit);
        return (exitCode, process.Output);
    }

    private static ChildProcess Launch(string rulesFile, string ip, int port, string? clusterFile, string workFolder)
    {
        SipTools.EnsureAvailable();
        List<string> arguments = [SipTools.RunScript];
        if (clusterFile is not null) arguments.AddRange(["-a", ip, "-c", clusterFile]);
        arguments.AddRange([rulesFile, port.ToString(CultureInfo.InvariantCulture)]);
        return ChildProcess.Start("/bin/sh", arguments, workFolder, StateEnvironment(workFolder));
    }

    /// <summary>
    /// Each test's servers keep their state (rules database, calls in progress, RPC socket) in its own work folder,
    /// so nothing carries over from another test or run that used the same port.
    /// </summary>
    public static IReadOnlyDictionary<string, string> StateEnvironment(string workFolder) =>
        new Dictionary<string, string> { ["CALLRULES_STATE_DIR"] = Path.Combine(workFolder, "state") };

    /// <summary>Waits until the server's log contains <paramref name="text"/>; fails with the log after <paramref name="within"/>.</summary>
    public async Task WaitUntilLogContainsAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"The log of {Address} did not say \"{text}\" within {within.TotalSeconds:0} s:\n{Log}");
            await Task.Delay(50);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)probe.Client.LocalEndPoint!;
        var server = new IPEndPoint(IPAddress.Parse(Ip), Port);
        var deadline = DateTime.UtcNow + s_startLimit;
        for (var attempt = 1; DateTime.UtcNow < deadline; attempt++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Kamailio exited while starting (run.sh {Port}):\n{Log}");
            var request = Options(local.Port, attempt);
            await probe.SendAsync(request, server);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var reply = await probe.ReceiveAsync(wait.Token);
                if (Encoding.ASCII.GetString(reply.Buffer).StartsWith("SIP/2.0 200", StringComparison.Ordinal)) return;
            }
            catch (OperationCanceledException)
            {
                // Not listening yet.
            }
            catch (SocketException)
            {
                // ICMP port unreachable: not listening yet.
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Kamailio did not answer OPTIONS on {Address} within {s_startLimit.TotalSeconds:0} s:\n{Log}");
    }

    private byte[] Options(int localPort, int attempt)
    {
        var n = attempt.ToString(CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"OPTIONS sip:{Address} SIP/2.0",
            $"Via: SIP/2.0/UDP 127.0.0.1:{localPort.ToString(CultureInfo.InvariantCulture)};branch=z9hG4bK-ready-{n}",
            "Max-Forwards: 70",
            "From: <sip:probe@127.0.0.1>;tag=ready",
            $"To: <sip:{Address}>",
            $"Call-ID: ready-{n}-{Port.ToString(CultureInfo.InvariantCulture)}@127.0.0.1",
            $"CSeq: {n} OPTIONS",
            "Content-Length: 0",
            "",
            "",
        };
        return Encoding.ASCII.GetBytes(string.Join("\r\n", lines));
    }

    /// <summary>
    /// Runs <c>samples/kamailio/reload.sh &lt;port&gt;</c>, as an operator does after replacing the call-rule file;
    /// returns its exit code and its output (stdout and stderr).
    /// </summary>
    public async Task<(int ExitCode, string Output)> ReloadAsync(string workFolder)
    {
        await using var reload = ChildProcess.Start("/bin/sh", [SipTools.ReloadScript, Port.ToString(CultureInfo.InvariantCulture)],
            workFolder, StateEnvironment(workFolder));
        var exitCode = await reload.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, reload.Output);
    }

    /// <summary>
    /// Runs <c>samples/kamailio/reload.sh -c &lt;cluster file&gt;</c>: every node of the cluster loads the call-rule file;
    /// returns its exit code and its output.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> ReloadClusterAsync(string clusterFile, string workFolder)
    {
        await using var reload = ChildProcess.Start("/bin/sh", [SipTools.ReloadScript, "-c", clusterFile], workFolder, StateEnvironment(workFolder));
        var exitCode = await reload.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, reload.Output);
    }

    /// <summary>Stops the server the way an operator does (SIGTERM to its PID), and waits until it has ended.</summary>
    public Task StopAsync() => _process.StopAsync();

    /// <summary>Kills Kamailio and every worker it started with SIGKILL, by their PIDs, as a crash would end them.</summary>
    public Task KillAsync() => _process.KillTreeAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
