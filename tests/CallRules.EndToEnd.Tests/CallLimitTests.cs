using System;
using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
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
}
