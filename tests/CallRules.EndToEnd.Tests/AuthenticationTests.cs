using System.Linq;
using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>RequireAuth=yes: calls from the connection must pass SIP digest authentication with its AuthUser/AuthPassword.</summary>
public sealed class AuthenticationTests(ITestOutputHelper output)
{
    private static string Pbx() => Connection("sip*@127.0.0.20",
        ("connection-require-sip-authentication-enabled", "yes"),
        ("connection-sip-registration-username", "pbx4471"),
        ("connection-sip-registration-password", "correct horse"),
        ("connection-sip-registration-realm", "example.com"));

    [SipFact]
    public async Task Required_auth_challenges_the_call_and_admits_the_right_password()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output, Pbx(), OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var call = await bed.CallAsync(new SippOptions
        {
            Scenario = Scenarios.Authenticated, LocalIp = "127.0.0.20", AuthUser = "pbx4471", AuthPassword = "correct horse",
        });

        SipAssert.Answered(call, bed);
        var challenge = call.Trace.FinalResponses[0];
        Assert.Equal(407, challenge.StatusCode);
        Assert.StartsWith("Digest realm=\"example.com\"", challenge.Single("Proxy-Authenticate"));
        var received = await farEnd.WaitAsync();
        SipAssert.ReceivedInvites(received.Trace, 1);
        // The credentials were for the server: they are not passed on.
        Assert.Empty(received.Trace.ReceivedRequests("INVITE")[0].All("Proxy-Authorization"));
    }

    [SipFact]
    public async Task Required_auth_refuses_a_wrong_password()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output, Pbx(), OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var call = await bed.CallAsync(new SippOptions
        {
            Scenario = Scenarios.Authenticated, LocalIp = "127.0.0.20", AuthUser = "pbx4471", AuthPassword = "wrong horse",
        });

        // SIPp counts the call as failed (exit 1): its scenario expected the call to be answered.
        Assert.True(call.ExitCode == 1, call.ToString());
        Assert.Equal(["SIP/2.0 407 Proxy Authentication Required", "SIP/2.0 403 Authentication failed"],
            call.Trace.FinalResponses.Select(r => r.StartLine).ToArray());
        await farEnd.StopAsync();
        SipAssert.ReceivedInvites(farEnd.Trace, 0);
    }
}
