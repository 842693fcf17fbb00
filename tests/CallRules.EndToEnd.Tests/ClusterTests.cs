using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>
/// Two Kamailio nodes forming one cluster (run.sh -a/-c; samples/kamailio/cluster/README.md): the dialog module
/// replicates every call with its counters over DMQ, so a limit counts the calls of both nodes; one reload reaches
/// both; a node killed with SIGKILL leaves its calls counted on the other, and learns the counts when it comes back;
/// a whole cluster stopped and started again keeps counting the calls that were up. Calls with a limit are checked and
/// counted on one node, the owner of the call limits (the first node of the cluster file that is up): the other nodes
/// forward them there, so bursts split across the nodes never pass a limit; a killed owner is replaced by the next node.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_upWithin = TimeSpan.FromSeconds(5);

    private static string Office => Connection("sip*@127.0.0.20", ("limits-max-active-calls-orig", 2));

    private static string LimitReached => $"SIP/2.0 503 Call limit reached (MaxCallsOrig of {Section("sip*@127.0.0.20")})";

    [SipFact]
    public async Task A_limit_counts_the_calls_up_on_every_node()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartClusterAsync(output, 2, Office, OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 3, timeoutSeconds: 30);

        // One call up through each node: the limit of 2 is reached across the cluster...
        var first = bed.StartCallVia(0, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 3000 });
        await first.WaitUntilCallIsUpAsync(s_upWithin);
        var second = bed.StartCallVia(1, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 3000 });
        await second.WaitUntilCallIsUpAsync(s_upWithin);
        // ...so each node refuses a third, though it carries only one call itself...
        var overVia0 = await bed.CallViaAsync(0, new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });
        var overVia1 = await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });
        var firstResult = await first.WaitAsync();
        var secondResult = await second.WaitAsync();
        // ...until the calls have ended, on either node.
        var afterwards = await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Answered(firstResult, bed);
        SipAssert.Answered(secondResult, bed);
        SipAssert.Refused(overVia0, bed, LimitReached);
        SipAssert.Refused(overVia1, bed, LimitReached);
        SipAssert.Answered(afterwards, bed);
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, 3);
    }

    [SipFact]
    public async Task One_reload_reaches_every_node_and_an_invalid_file_changes_none()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        string Carrier(string paid) => OriginationTests.Carrier(farPort, ("connection-custom-p-asserted-id-format", paid));
        await using var bed = await SipTestBed.StartClusterAsync(output, 2, Office, Carrier("<sip:+15550000001@example.com>"));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 6, timeoutSeconds: 40);
        var call = new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" };

        var before = new[] { await bed.CallViaAsync(0, call), await bed.CallViaAsync(1, call) };
        await bed.CompileAsync([Office, Carrier("<sip:+15550000002@example.com>")]);
        var (reloadExit, reloadLog) = await bed.ReloadClusterAsync();
        var reloaded = new[] { await bed.CallViaAsync(0, call), await bed.CallViaAsync(1, call) };

        // The operator's next file has a bad value on its last line (replaced atomically, as callrules compile does).
        var broken = await File.ReadAllTextAsync(bed.RulesFile) + "MaxCallsTerm=lots\n";
        await File.WriteAllTextAsync(bed.RulesFile + ".new", broken);
        File.Move(bed.RulesFile + ".new", bed.RulesFile, overwrite: true);
        var (refusedExit, refusedLog) = await bed.ReloadClusterAsync();
        var afterRefusal = new[] { await bed.CallViaAsync(0, call), await bed.CallViaAsync(1, call) };

        Assert.True(reloadExit == 0, reloadLog);
        Assert.Contains("callrules: reloaded 2 connection(s) on the cluster", reloadLog);
        Assert.NotEqual(0, refusedExit);
        Assert.Contains($"{bed.RulesFile}:{broken.Split('\n').Length - 1}: MaxCallsTerm must be a whole number of calls, got 'lots'", refusedLog);
        Assert.Contains("every node keeps its current rules", refusedLog);
        Assert.False(bed.Node(0).HasExited || bed.Node(1).HasExited, bed.ServerLogs);
        foreach (var result in (SippResult[])[.. before, .. reloaded, .. afterRefusal]) SipAssert.Answered(result, bed);
        var invites = (await farEnd.WaitAsync()).Trace.ReceivedRequests("INVITE");
        Assert.Equal(6, invites.Count);
        string[] expected = ["1", "1", "2", "2", "2", "2"];
        for (var i = 0; i < 6; i++)
            Assert.Equal($"<sip:+1555000000{expected[i]}@example.com>", invites[i].Single("P-Asserted-Identity"));
    }

    [SipFact]
    public async Task A_killed_node_s_calls_stay_counted_and_it_learns_the_counts_when_it_comes_back()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartClusterAsync(output, 2, Office, OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 3, timeoutSeconds: 60);
        var (ip, port) = (bed.Node(1).Ip, bed.Node(1).Port);

        // A call through node 2, held past its crash and its restart (a few seconds on a busy machine).
        var throughKilled = bed.StartCallVia(1, new SippOptions
        {
            Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 20000, TimeoutSeconds = 50,
        });
        await throughKilled.WaitUntilCallIsUpAsync(s_upWithin);
        await bed.KillNodeAsync(1);

        // Node 1 still counts node 2's call: one more call fits, a third does not.
        var second = bed.StartCallVia(0, new SippOptions
        {
            Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 8000, TimeoutSeconds = 40,
        });
        await second.WaitUntilCallIsUpAsync(s_upWithin);
        var overVia0 = await bed.CallViaAsync(0, new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });

        // Node 2 comes back with an empty memory (a crash writes nothing) and learns both calls from node 1
        // before it answers OPTIONS with 200 and admits calls.
        await bed.StartNodeAgainAsync(1, ip, port);
        var overVia1 = await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });

        // The first call's BYE reaches the restarted node, which ends the dialog it learnt: the limit frees up.
        var secondResult = await second.WaitAsync();
        var throughKilledResult = await throughKilled.WaitAsync();
        var afterwards = await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Refused(overVia0, bed, LimitReached);
        SipAssert.Refused(overVia1, bed, LimitReached);
        SipAssert.Answered(secondResult, bed);
        SipAssert.Answered(throughKilledResult, bed);
        SipAssert.Answered(afterwards, bed);
        var farEndTrace = (await farEnd.WaitAsync()).Trace;
        SipAssert.ReceivedInvites(farEndTrace, 3);
        Assert.Equal(3, farEndTrace.ReceivedRequests("BYE").Count);
    }

    [SipFact]
    public async Task A_whole_cluster_stopped_and_started_again_keeps_counting_the_calls_up_on_every_node()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartClusterAsync(output, 2,
            Connection("sip*@127.0.0.20", ("limits-max-active-calls-orig", 1)), OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 2, timeoutSeconds: 60);
        var (ip0, port0, ip1, port1) = (bed.Node(0).Ip, bed.Node(0).Port, bed.Node(1).Ip, bed.Node(1).Port);

        // A call through node 2, held while both nodes stop (SIGTERM) and start again, node 1 first.
        var held = bed.StartCallVia(1, new SippOptions
        {
            Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 25000, TimeoutSeconds = 50,
        });
        await held.WaitUntilCallIsUpAsync(s_upWithin);
        await bed.StopNodeAsync(0);
        await bed.StopNodeAsync(1);
        await bed.StartNodeAgainAsync(0, ip0, port0);
        await bed.StartNodeAgainAsync(1, ip1, port1);
        // Node 2 read its call back from its database; node 1 asks it for its calls once it sees it answer its probes
        // (every second): the README's "a second or two".
        await Task.Delay(TimeSpan.FromSeconds(3));
        var overVia0 = await bed.CallViaAsync(0, new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });
        var heldResult = await held.WaitAsync();
        var afterwards = await bed.CallViaAsync(0, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Refused(overVia0, bed, $"SIP/2.0 503 Call limit reached (MaxCallsOrig of {Section("sip*@127.0.0.20")})");
        SipAssert.Answered(heldResult, bed);
        SipAssert.Answered(afterwards, bed);
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, 2);
    }

    /// <summary>
    /// Bursts far over a limit, half through each node at the same moment: the node that does not own the call limits
    /// forwards its half to the owner, which checks and counts every call of the burst under one lock, so exactly the
    /// limit is answered in every burst. (Without the owner, 7 to 12 of 20 such bursts passed the limit, up to twice
    /// it: each node admitted against replicas that had not arrived yet.) Once the calls have ended, a call passes
    /// on either node.
    /// </summary>
    [SipFact]
    public async Task Simultaneous_bursts_split_across_the_nodes_never_pass_a_limit()
    {
        const int Limit = 5, Share = 10, Bursts = 20;
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartClusterAsync(output, 2,
            Connection("sip*@127.0.0.21", ("limits-max-active-calls-orig", Limit)), OriginationTests.Carrier(farPort));
        // Room for every call a broken limit could let through, so an over-admission shows as a count, not a timeout.
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 2 * Share * Bursts + 2, timeoutSeconds: 240);
        var limitReached = $"SIP/2.0 503 Call limit reached (MaxCallsOrig of {Section("sip*@127.0.0.21")})";

        var answered = new int[Bursts];
        for (var burst = 0; burst < Bursts; burst++)
        {
            // Both halves start within a few milliseconds; answered calls are held long past the burst.
            var halves = Enumerable.Range(0, 2).Select(node => bed.StartCallVia(node, new SippOptions
            {
                Scenario = Scenarios.AnsweredOrRefused, LocalIp = "127.0.0.21", Calls = Share, Concurrent = Share,
                CallsPerSecond = 5000, HoldMilliseconds = 1500, TimeoutSeconds = 30,
            })).ToList();
            var results = await Task.WhenAll(halves.Select(h => h.WaitAsync()));
            foreach (var result in results)
            {
                Assert.True(result.ExitCode == 0, $"Every call should be answered or refused with 503.\n{result}\n{bed.ServerLogs}");
                var finals = result.Trace.FinalResponses.Where(r => r.Single("CSeq").EndsWith("INVITE", StringComparison.Ordinal))
                    .GroupBy(r => r.Single("Call-ID")).Select(g => g.Last()).ToList();
                Assert.Equal(Share, finals.Count);
                Assert.All(finals.Where(r => r.StatusCode != 200), r => Assert.Equal(limitReached, r.StartLine));
                answered[burst] += finals.Count(r => r.StatusCode == 200);
            }
        }
        var afterwards = new[]
        {
            await bed.CallViaAsync(0, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.21" }),
            await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.21" }),
        };

        Assert.True(answered.All(a => a == Limit),
            $"Calls answered in each burst of {2 * Share} at a limit of {Limit}: {string.Join(" ", answered)}");
        foreach (var result in afterwards) SipAssert.Answered(result, bed);
        await farEnd.StopAsync();
        SipAssert.ReceivedInvites(farEnd.Trace, Limit * Bursts + 2);
        Assert.Contains($"the owner of the call limits is {bed.Node(0).Address} (this node)", bed.Node(0).Log);
    }

    [SipFact]
    public async Task A_killed_owner_of_the_limits_is_replaced_by_the_next_node_which_keeps_counting_its_calls()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartClusterAsync(output, 2, Office, OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 3, timeoutSeconds: 60);
        var owner = bed.Node(0).Address;

        // A call through node 2, which forwards it to node 1 (the owner): node 1 carries it, node 2 has its replica.
        var throughOwner = bed.StartCallVia(1, new SippOptions
        {
            Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 30000, TimeoutSeconds = 50,
        });
        await throughOwner.WaitUntilCallIsUpAsync(s_upWithin);
        await bed.KillNodeAsync(0);

        // Node 2 takes over the limits at once (the forward to the dead owner fails, or its probe already did) and
        // still counts the owner's call: one more call fits the limit of 2, a third does not.
        var second = await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", TimeoutSeconds = 30 });
        var held = bed.StartCallVia(1, new SippOptions
        {
            Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 5000, TimeoutSeconds = 40,
        });
        await held.WaitUntilCallIsUpAsync(s_upWithin);
        var over = await bed.CallViaAsync(1, new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20", TimeoutSeconds = 30 });
        var heldResult = await held.WaitAsync();

        SipAssert.Answered(second, bed);
        SipAssert.Answered(heldResult, bed);
        SipAssert.Refused(over, bed, LimitReached);
        // Its probes notice the owner gone later: a probe that cannot be sent fails after tm's fr_timer (30 s).
        await bed.Node(1).WaitUntilLogContainsAsync(
            $"{owner} no longer answers its probes: this node takes over as the owner of the call limits", TimeSpan.FromSeconds(60));
        // The first call cannot end cleanly (its BYE is routed through the dead owner): its far end is stopped.
        await throughOwner.StopAsync();
        await farEnd.StopAsync();
        SipAssert.ReceivedInvites(farEnd.Trace, 3);
    }
}
