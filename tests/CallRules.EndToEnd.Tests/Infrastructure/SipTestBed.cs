using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One test's world: connection definitions compiled by the CLI, the sample Kamailio enforcing the result, and
/// the SIPp peers the test starts. Disposing it stops every process by its PID, writes the call rules and
/// Kamailio's log to the test output, and deletes the work folder.
/// </summary>
internal sealed class SipTestBed : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly List<SippPeer> _peers = [];
    private readonly List<string> _previousLogs = [];
    private KamailioServer? _server;
    private readonly List<KamailioServer?> _nodes = [];

    private SipTestBed(ITestOutputHelper output, string workFolder)
    {
        _output = output;
        WorkFolder = workFolder;
    }

    public string WorkFolder { get; }

    public KamailioServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Every log of the server, or of every node of the cluster, for failure messages.</summary>
    public string ServerLogs
    {
        get
        {
            if (_nodes.Count == 0) return _server?.Log ?? "";
            var logs = new System.Text.StringBuilder();
            for (var i = 0; i < _nodes.Count; i++)
                logs.Append(CultureInfo.InvariantCulture, $"--- node {i + 1} ---\n").Append(_nodes[i]?.Log ?? "(not running)\n");
            return logs.ToString();
        }
    }

    /// <summary>The cluster file the nodes were started with (<see cref="StartClusterAsync"/>).</summary>
    public string ClusterFile => Path.Combine(WorkFolder, "cluster");

    /// <summary>A node of the cluster (0-based).</summary>
    public KamailioServer Node(int index) => _nodes[index] ?? throw new InvalidOperationException($"Node {index + 1} is not running.");

    /// <summary>The call-rule text the CLI produced from the definitions.</summary>
    public string Rules { get; private set; } = "";

    /// <summary>A fresh work folder, for tests that start the server themselves.</summary>
    public static SipTestBed Create(ITestOutputHelper output)
    {
        SipTools.EnsureAvailable();
        var folder = Path.Combine(Path.GetTempPath(), "callrules-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return new SipTestBed(output, folder);
    }

    /// <summary>Writes each definition (a JSON object) to its own file, compiles the folder with the CLI, and starts Kamailio on the result.</summary>
    public static async Task<SipTestBed> StartAsync(ITestOutputHelper output, params string[] definitions)
    {
        var bed = Create(output);
        try
        {
            var rulesFile = await bed.CompileAsync(definitions);
            bed._server = await KamailioServer.StartAsync(rulesFile, bed.WorkFolder);
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
        return bed;
    }

    /// <summary>What a cluster node logs once it knows the owner of the call limits (callrules_cluster.py).</summary>
    private const string OwnerKnown = "the owner of the call limits is ";
    private static readonly TimeSpan s_ownerWithin = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Compiles the definitions and starts a cluster of <paramref name="nodes"/> Kamailio nodes on 127.0.0.2, 127.0.0.3, ...
    /// (a port each), all on the one call-rule file, and waits until every node answers OPTIONS with 200 and knows the owner of the call limits.
    /// </summary>
    public static async Task<SipTestBed> StartClusterAsync(ITestOutputHelper output, int nodes, params string[] definitions)
    {
        var bed = Create(output);
        try
        {
            var rulesFile = await bed.CompileAsync(definitions);
            var addresses = new List<(string Ip, int Port)>();
            for (var i = 0; i < nodes; i++)
            {
                var ip = $"127.0.0.{(2 + i).ToString(CultureInfo.InvariantCulture)}";
                addresses.Add((ip, TestPorts.NextFree(ip)));
            }
            await File.WriteAllLinesAsync(bed.ClusterFile, addresses.Select(a => $"{a.Ip}:{a.Port.ToString(CultureInfo.InvariantCulture)}"));
            var started = addresses.Select(a => KamailioServer.StartAsync(rulesFile, bed.WorkFolder, a.Ip, a.Port, bed.ClusterFile)).ToList();
            try
            {
                await Task.WhenAll(started);
            }
            finally
            {
                // Every node that did start is tracked, so disposing the bed stops it.
                foreach (var node in started) bed._nodes.Add(node.IsCompletedSuccessfully ? node.Result : null);
            }
            // The first node owns the call limits once it claims them (a few seconds after it answers OPTIONS); until
            // then a cluster that starts whole refuses calls with a limit (samples/kamailio/cluster/README.md).
            await bed._nodes[0]!.WaitUntilLogContainsAsync($"the owner of the call limits is {bed._nodes[0]!.Address} (this node)", s_ownerWithin);
            foreach (var node in bed._nodes) await node!.WaitUntilLogContainsAsync(OwnerKnown, s_ownerWithin);
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
        return bed;
    }

    /// <summary>Kills a node (SIGKILL to Kamailio and all its workers, by PID), as a crash would.</summary>
    public async Task KillNodeAsync(int index)
    {
        var node = Node(index);
        await node.KillAsync();
        _previousLogs.Add($"--- node {(index + 1).ToString(CultureInfo.InvariantCulture)}, killed ---\n" + node.Log);
        await node.DisposeAsync();
        _nodes[index] = null;
    }

    /// <summary>Stops a node the way an operator does (SIGTERM to its PID), and waits until it has ended.</summary>
    public async Task StopNodeAsync(int index)
    {
        var node = Node(index);
        await node.StopAsync();
        _previousLogs.Add($"--- node {(index + 1).ToString(CultureInfo.InvariantCulture)}, stopped ---\n" + node.Log);
        await node.DisposeAsync();
        _nodes[index] = null;
    }

    /// <summary>
    /// Starts a node again at its address, port and state folder; returns once it answers OPTIONS with 200 and knows
    /// the owner of the call limits.
    /// </summary>
    public async Task StartNodeAgainAsync(int index, string ip, int port)
    {
        var node = _nodes[index] = await KamailioServer.StartAsync(RulesFile, WorkFolder, ip, port, ClusterFile);
        await node.WaitUntilLogContainsAsync(OwnerKnown, s_ownerWithin);
    }

    /// <summary>Runs <c>reload.sh -c</c> on the cluster file.</summary>
    public Task<(int ExitCode, string Output)> ReloadClusterAsync() => KamailioServer.ReloadClusterAsync(ClusterFile, WorkFolder);

    /// <summary>Starts a caller towards a node of the cluster without waiting for it.</summary>
    public SippPeer StartCallVia(int node, SippOptions caller)
        => Track(SippPeer.Start(caller with { Remote = Node(node).Address }, WorkFolder));

    /// <summary>Places the caller's calls through a node of the cluster and waits until SIPp ends.</summary>
    public Task<SippResult> CallViaAsync(int node, SippOptions caller) => StartCallVia(node, caller).WaitAsync();

    /// <summary>
    /// Compiles <paramref name="definitions"/> into the work folder's <c>out/connection.rules</c> (replacing the
    /// definitions and the rules of an earlier compile, as an operator's next compile does).
    /// </summary>
    public async Task<string> CompileAsync(IReadOnlyList<string> definitions)
    {
        var definitionsFolder = Path.Combine(WorkFolder, "definitions");
        if (Directory.Exists(definitionsFolder)) Directory.Delete(definitionsFolder, recursive: true);
        Directory.CreateDirectory(definitionsFolder);
        for (var i = 0; i < definitions.Count; i++)
            await File.WriteAllTextAsync(Path.Combine(definitionsFolder, $"connection-{(i + 1).ToString(CultureInfo.InvariantCulture)}.json"), definitions[i]);
        var rulesFile = await CallRulesCli.CompileAsync(definitionsFolder, Path.Combine(WorkFolder, "out"));
        Rules = await File.ReadAllTextAsync(rulesFile);
        return rulesFile;
    }

    /// <summary>The call-rule file the server enforces.</summary>
    public string RulesFile => Path.Combine(WorkFolder, "out", "connection.rules");

    /// <summary>Stops the server (SIGTERM) and starts it again on the same port, state and call-rule file.</summary>
    public async Task RestartServerAsync()
    {
        var port = Server.Port;
        await Server.StopAsync();
        _previousLogs.Add(Server.Log);
        await Server.DisposeAsync();
        _server = null;
        _server = await KamailioServer.StartAsync(RulesFile, WorkFolder, port);
    }

    /// <summary>Runs reload.sh for the server: see <see cref="KamailioServer.ReloadAsync"/>.</summary>
    public Task<(int ExitCode, string Output)> ReloadAsync() => Server.ReloadAsync(WorkFolder);

    /// <summary>Starts a connection's far end: answers <paramref name="calls"/> calls at <paramref name="ip"/>:<paramref name="port"/>.</summary>
    public SippPeer StartFarEnd(string ip, int port, SipTransport transport = SipTransport.Udp, int calls = 1, int timeoutSeconds = 10)
        => Track(SippPeer.Start(new SippOptions
        {
            Scenario = Scenarios.FarEnd, LocalIp = ip, LocalPort = port, Transport = transport, Calls = calls, TimeoutSeconds = timeoutSeconds,
        }, WorkFolder));

    /// <summary>Starts a caller towards the server without waiting for it (for calls held while others are placed).</summary>
    public SippPeer StartCall(SippOptions caller)
        => Track(SippPeer.Start(caller with { Remote = Server.Address }, WorkFolder));

    /// <summary>Places the caller's calls and waits until SIPp ends.</summary>
    public Task<SippResult> CallAsync(SippOptions caller) => StartCall(caller).WaitAsync();

    private SippPeer Track(SippPeer peer)
    {
        _peers.Add(peer);
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers) await peer.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            foreach (var log in _previousLogs) _output.WriteLine("--- kamailio log before a restart ---\n" + log);
            _output.WriteLine("--- call rules ---\n" + Rules + "--- kamailio log ---\n" + _server.Log);
        }
        if (_nodes.Count > 0)
        {
            foreach (var node in _nodes)
                if (node is not null) await node.DisposeAsync();
            foreach (var log in _previousLogs) _output.WriteLine(log);
            _output.WriteLine("--- call rules ---\n" + Rules + ServerLogs);
        }
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that is going away; the folder is in the temp area anyway.
        }
    }
}

/// <summary>The SIPp scenarios of samples/kamailio/sipp.</summary>
internal static class Scenarios
{
    /// <summary>A call that must be answered (200), held, then hung up.</summary>
    public const string Answered = "uac.xml";

    /// <summary>A call that must be refused with 403, 404 or 503.</summary>
    public const string Refused = "uac-refused.xml";

    /// <summary>A call that is challenged (407) and answered after authenticating.</summary>
    public const string Authenticated = "uac-auth.xml";

    /// <summary>A connection's far end, answering calls.</summary>
    public const string FarEnd = "uas.xml";

    /// <summary>A call that is either answered (then held and hung up) or refused with 503: for bursts over a limit.</summary>
    public const string AnsweredOrRefused = "uac-either.xml";
}
