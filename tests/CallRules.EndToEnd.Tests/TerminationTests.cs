using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>Termination: a call the server sends TO a connection, chosen by its TermMatch.</summary>
public sealed class TerminationTests(ITestOutputHelper output)
{
    private static readonly string s_office = Connection("sip*@127.0.0.20");

    [SipFact]
    public async Task Termination_goes_to_the_connection_address_over_its_transport_udp_or_tcp()
    {
        int udpPort = TestPorts.NextFree("127.0.0.30"), tcpPort = TestPorts.NextFree("127.0.0.31");
        await using var bed = await SipTestBed.StartAsync(output,
            s_office,
            Connection("sip*@127.0.0.30", ("connection-term-match-pattern", "1555*"),
                ("connection-address", $"127.0.0.30:{udpPort}"), ("connection-sip-transport-protocol", "UDP")),
            Connection("sip*@127.0.0.31", ("connection-term-match-pattern", "1666*"),
                ("connection-address", $"127.0.0.31:{tcpPort}"), ("connection-sip-transport-protocol", "TCP")));
        var udpFarEnd = bed.StartFarEnd("127.0.0.30", udpPort, SipTransport.Udp);
        var tcpFarEnd = bed.StartFarEnd("127.0.0.31", tcpPort, SipTransport.Tcp);

        var toUdp = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "15551234567" });
        var toTcp = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "16661234567" });

        SipAssert.Answered(toUdp, bed);
        SipAssert.Answered(toTcp, bed);
        var udp = await udpFarEnd.WaitAsync();
        var tcp = await tcpFarEnd.WaitAsync();
        Assert.Equal(0, udp.ExitCode);
        Assert.Equal(0, tcp.ExitCode);
        SipAssert.ReceivedInvites(udp.Trace, 1);
        SipAssert.ReceivedInvites(tcp.Trace, 1);
        var udpInvite = udp.Trace.ReceivedRequests("INVITE")[0];
        var tcpInvite = tcp.Trace.ReceivedRequests("INVITE")[0];
        Assert.Equal("UDP", udpInvite.Transport);
        Assert.Equal("TCP", tcpInvite.Transport);
        Assert.StartsWith("SIP/2.0/UDP 127.0.0.1:", udpInvite.All("Via")[0]);
        Assert.StartsWith("SIP/2.0/TCP 127.0.0.1:", tcpInvite.All("Via")[0]);
        Assert.StartsWith("sip:1555", udpInvite.RequestUri);
        Assert.StartsWith("sip:1666", tcpInvite.RequestUri);
        // The hang-up reached the far end over the same transport, through the server (Record-Route).
        Assert.Single(tcp.Trace.ReceivedRequests("BYE"));
        Assert.Equal("TCP", tcp.Trace.ReceivedRequests("BYE")[0].Transport);
    }

    [SipFact]
    public async Task Termination_disabled_refuses_calls_to_the_connection()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            s_office,
            Connection("sip*@127.0.0.30", ("connection-term-match-pattern", "1555*"),
                ("connection-address", $"127.0.0.30:{farPort}"), ("connection-term-enabled", "no")));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var refused = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.20" });

        SipAssert.Refused(refused, bed, "SIP/2.0 403 Termination disabled");
        await farEnd.StopAsync();
        SipAssert.ReceivedInvites(farEnd.Trace, 0);
    }

    [SipFact]
    public async Task P_asserted_identity_of_a_terminated_call_is_the_connections_PAId()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            s_office,
            OriginationTests.Carrier(farPort, ("connection-custom-p-asserted-id-format", "<sip:+15551230000@example.com>")));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        // The caller sends a P-Asserted-Identity of its own; it must not reach the far end.
        var call = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        SipAssert.Answered(call, bed);
        var received = await farEnd.WaitAsync();
        SipAssert.ReceivedInvites(received.Trace, 1);
        Assert.Equal("<sip:+15551230000@example.com>", received.Trace.ReceivedRequests("INVITE")[0].Single("P-Asserted-Identity"));
    }

    [SipFact]
    public async Task Translations_rewrite_the_request_destination_and_source_user_and_host()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            s_office,
            OriginationTests.Carrier(farPort,
                ("connection-translation-request-user", "9[*]"),
                ("connection-translation-request-host", "carrier.example"),
                ("connection-translation-destination-user", "+1[*]"),
                ("connection-translation-destination-host", "dest.example"),
                ("connection-translation-source-user", "+15550001111"),
                ("connection-translation-source-host", "example.com")));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var call = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "15551234567" });

        SipAssert.Answered(call, bed);
        var received = await farEnd.WaitAsync();
        SipAssert.ReceivedInvites(received.Trace, 1);
        var invite = received.Trace.ReceivedRequests("INVITE")[0];
        Assert.Equal("sip:915551234567@carrier.example", invite.RequestUri);
        Assert.Equal("<sip:+115551234567@dest.example>", invite.Single("To"));
        Assert.StartsWith("<sip:+15550001111@example.com>;tag=", invite.Single("From"));
        // The caller's side of the dialog keeps its own From and To.
        var answer = call.Trace.FinalResponses[^1];
        Assert.StartsWith("<sip:alice@127.0.0.20>;tag=", answer.Single("From"));
        Assert.StartsWith($"<sip:15551234567@{bed.Server.Address}>;tag=", answer.Single("To"));
    }

    [SipFact]
    public async Task Empty_and_star_translations_keep_the_request_destination_and_source_as_they_are()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output,
            s_office,
            OriginationTests.Carrier(farPort,
                ("connection-translation-request-user", "[*]"),
                ("connection-translation-destination-user", "[*]"),
                ("connection-translation-destination-host", ""),
                ("connection-translation-source-user", "")));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var call = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "15551234567" });

        SipAssert.Answered(call, bed);
        var invite = (await farEnd.WaitAsync()).Trace.ReceivedRequests("INVITE")[0];
        Assert.Equal($"sip:15551234567@{bed.Server.Address}", invite.RequestUri);
        Assert.Equal($"<sip:15551234567@{bed.Server.Address}>", invite.Single("To"));
        Assert.StartsWith("<sip:alice@127.0.0.20>;tag=", invite.Single("From"));
    }
}
