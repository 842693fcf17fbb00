using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>Origination: a call coming FROM a connection into the server.</summary>
public sealed class OriginationTests(ITestOutputHelper output)
{
    /// <summary>A far end at 127.0.0.30 that takes every call dialled to 1555…</summary>
    internal static string Carrier(int port, params (string Field, object Value)[] more) =>
        Connection("sip*@127.0.0.30", [
            ("connection-term-match-pattern", "1555*"),
            ("connection-address", $"127.0.0.30:{port}"),
            .. more,
        ]);

    [SipFact]
    public async Task A_call_is_originated_by_a_connection_whose_wildcard_pattern_matches_its_From()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.2*"), // any user at any host 127.0.0.2…
            Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var matching = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.21", FromUser = "bob" });
        var unknown = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.40" });

        SipAssert.Answered(matching, bed);
        SipAssert.Refused(unknown, bed, "SIP/2.0 403 No matching connection");
        var received = await farEnd.WaitAsync();
        Assert.Equal(0, received.ExitCode);
        SipAssert.ReceivedInvites(received.Trace, 1);
        Assert.StartsWith("<sip:bob@127.0.0.21>", received.Trace.ReceivedRequests("INVITE")[0].Single("From"));
    }

    [SipFact]
    public async Task With_source_ip_checking_a_call_from_another_address_gets_403()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20", ("connection-source-ip-checking-enabled", "yes")),
            Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        // Same From (alice@127.0.0.20, which matches the pattern), different source address.
        var spoofed = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.21", FromHost = "127.0.0.20" });
        var genuine = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Refused(spoofed, bed, "SIP/2.0 403 Source address not allowed");
        SipAssert.Answered(genuine, bed);
        var received = await farEnd.WaitAsync();
        SipAssert.ReceivedInvites(received.Trace, 1);
        Assert.Contains("SIP/2.0/UDP 127.0.0.20:", received.Trace.ReceivedRequests("INVITE")[0].All("Via")[^1]);
    }

    [SipFact]
    public async Task Origination_disabled_refuses_calls_from_the_connection()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20", ("connection-orig-enabled", "no")),
            Connection("sip*@127.0.0.21"),
            Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var disabled = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });
        var enabled = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.21" });

        SipAssert.Refused(disabled, bed, "SIP/2.0 403 Origination disabled");
        SipAssert.Answered(enabled, bed);
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, 1);
    }

    [SipFact]
    public async Task OrigMatchHeader_chooses_the_header_whose_uri_origination_matches()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            // Matches on the Request-URI (any user at the server), not on From; origination is off, so a
            // match shows as 403 Origination disabled rather than 403 No matching connection.
            Connection("sip*@127.0.0.1", ("connection-check-orig-matching-sip-header", "request"),
                ("connection-orig-enabled", "no"), ("connection-term-match-pattern", "none")),
            Carrier(farPort));

        var call = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.40", FromHost = "127.0.0.40" });

        SipAssert.Refused(call, bed, "SIP/2.0 403 Origination disabled");
    }
}
