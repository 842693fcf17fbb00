using System;
using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>
/// A restart keeps the calls in progress: the dialog module writes them to the server's database when it stops
/// and reads them back when it starts, so a limit still counts them and their hang-up still frees it.
/// </summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    [SipFact]
    public async Task A_call_up_across_a_restart_still_counts_against_its_limit_until_it_ends()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20", ("limits-max-active-calls-orig", 1)),
            OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 2, timeoutSeconds: 50);

        // Held long enough for a restart (a few seconds on a busy machine) and a refused call in between.
        var held = bed.StartCall(new SippOptions
        {
            Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", HoldMilliseconds = 12000, TimeoutSeconds = 40,
        });
        await held.WaitUntilCallIsUpAsync(TimeSpan.FromSeconds(5));
        await bed.RestartServerAsync();
        var overLimit = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });
        // The held call's BYE passes through the restarted server, which ends the dialog and frees the limit.
        var heldResult = await held.WaitAsync();
        var afterwards = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Refused(overLimit, bed, $"SIP/2.0 503 Call limit reached (MaxCallsOrig of {Section("sip*@127.0.0.20")})");
        SipAssert.Answered(heldResult, bed);
        SipAssert.Answered(afterwards, bed);
        var farEndTrace = (await farEnd.WaitAsync()).Trace;
        SipAssert.ReceivedInvites(farEndTrace, 2);
        Assert.Equal(2, farEndTrace.ReceivedRequests("BYE").Count);
    }
}
