using System;
using System.Linq;
using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>
/// Call limits: a call over a connection's limit is refused (503) while the calls holding it are up, and a
/// new call passes once one of them has ended (the server counts dialogs, which end with the BYE).
/// </summary>
public sealed class CallLimitTests(ITestOutputHelper output)
{
    // Long enough that the over-limit call is placed and refused while the first call is surely still up,
    // even on a busy machine; short enough to keep the suite quick.
    private const int HoldMilliseconds = 2000;
    private static readonly TimeSpan s_upWithin = TimeSpan.FromSeconds(5);

    [SipFact]
    public async Task MaxCallsOrig_refuses_the_call_over_the_limit_until_one_ends()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20", ("limits-max-active-calls-orig", 1)),
            OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 2);

        var first = bed.StartCall(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = HoldMilliseconds });
        await first.WaitUntilCallIsUpAsync(s_upWithin);
        var overLimit = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });
        var firstResult = await first.WaitAsync();
        var afterwards = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Answered(firstResult, bed);
        SipAssert.Refused(overLimit, bed, $"SIP/2.0 503 Call limit reached (MaxCallsOrig of {Section("sip*@127.0.0.20")})");
        SipAssert.Answered(afterwards, bed);
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, 2);
    }

    [SipFact]
    public async Task MaxCallsTerm_refuses_the_call_over_the_limit_until_one_ends()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20"),
            Connection("sip*@127.0.0.21"),
            OriginationTests.Carrier(farPort, ("limits-max-active-calls-term", 1)));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 2);

        // Two different callers: only the terminating connection's limit is shared.
        var first = bed.StartCall(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = HoldMilliseconds });
        await first.WaitUntilCallIsUpAsync(s_upWithin);
        var overLimit = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.21" });
        var firstResult = await first.WaitAsync();
        var afterwards = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.21" });

        SipAssert.Answered(firstResult, bed);
        SipAssert.Refused(overLimit, bed, $"SIP/2.0 503 Call limit reached (MaxCallsTerm of {Section("sip*@127.0.0.30")})");
        SipAssert.Answered(afterwards, bed);
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, 2);
    }

    [SipFact]
    public async Task MaxCallsTotal_counts_calls_from_and_to_the_connection_together()
    {
        int carrierPort = TestPorts.NextFree("127.0.0.30"), trunkPort = TestPorts.NextFree("127.0.0.40");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20"),
            OriginationTests.Carrier(carrierPort),
            Connection("sip*@127.0.0.40", ("connection-term-match-pattern", "1777*"),
                ("connection-address", $"127.0.0.40:{trunkPort}"), ("limits-max-active-calls-total", 1)));
        var carrier = bed.StartFarEnd("127.0.0.30", carrierPort);
        var trunk = bed.StartFarEnd("127.0.0.40", trunkPort);

        // The trunk's one call: an origination from it...
        var fromTrunk = bed.StartCall(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.40", HoldMilliseconds = HoldMilliseconds });
        await fromTrunk.WaitUntilCallIsUpAsync(s_upWithin);
        // ...so a termination to it is over its total...
        var toTrunkOverLimit = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20", Dial = "17771234567" });
        var fromTrunkResult = await fromTrunk.WaitAsync();
        // ...until that call has ended.
        var toTrunkAfterwards = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "17771234567" });

        SipAssert.Answered(fromTrunkResult, bed);
        SipAssert.Refused(toTrunkOverLimit, bed, $"SIP/2.0 503 Call limit reached (MaxCallsTotal of {Section("sip*@127.0.0.40")})");
        SipAssert.Answered(toTrunkAfterwards, bed);
        SipAssert.ReceivedInvites((await carrier.WaitAsync()).Trace, 1);
        SipAssert.ReceivedInvites((await trunk.WaitAsync()).Trace, 1);
    }

    /// <summary>
    /// Waves of bursts from six connections at once, each burst far over its limit of five: the server checks a
    /// limit and counts the call as one step for all its workers, so exactly five calls of each burst are answered,
    /// never six. (Without that, about one burst in ten admits a sixth call on this machine.)
    /// </summary>
    [SipFact]
    public async Task A_concurrent_burst_never_admits_more_calls_than_the_limit()
    {
        const int Limit = 5, Burst = 30, Waves = 2;
        string[] callers = ["127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24", "127.0.0.25", "127.0.0.26"];
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output, [
            .. callers.Select(ip => Connection($"sip*@{ip}", ("limits-max-active-calls-orig", Limit))),
            OriginationTests.Carrier(farPort),
        ]);
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: Limit * callers.Length * Waves, timeoutSeconds: 40);

        for (var wave = 1; wave <= Waves; wave++)
        {
            // Every call of a burst starts within a few milliseconds; answered calls are held long past the burst.
            var bursts = callers.Select(ip => bed.StartCall(new SippOptions
            {
                Scenario = Scenarios.AnsweredOrRefused, LocalIp = ip, Calls = Burst, Concurrent = Burst, CallsPerSecond = 5000,
                HoldMilliseconds = 1500, TimeoutSeconds = 20,
            })).ToList();
            var results = await Task.WhenAll(bursts.Select(b => b.WaitAsync()));

            foreach (var (result, ip) in results.Zip(callers))
            {
                Assert.True(result.ExitCode == 0, $"Every call should be answered or refused with 503.\n{result}\n--- kamailio ---\n{bed.Server.Log}");
                var finals = result.Trace.FinalResponses.Where(r => r.Single("CSeq").EndsWith("INVITE", StringComparison.Ordinal))
                    .GroupBy(r => r.Single("Call-ID")).Select(g => g.Last()).ToList();
                Assert.Equal(Burst, finals.Count);
                Assert.True(finals.Count(r => r.StatusCode == 200) == Limit,
                    $"Wave {wave}: {ip} had {finals.Count(r => r.StatusCode == 200)} calls answered at once, the limit is {Limit}.");
                Assert.All(finals.Where(r => r.StatusCode != 200), r =>
                    Assert.Equal($"SIP/2.0 503 Call limit reached (MaxCallsOrig of {Section($"sip*@{ip}")})", r.StartLine));
            }
        }
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, Limit * callers.Length * Waves);
    }
}
