using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>
/// The documented order (docs/call-rules.md, "Which section"): the most specific pattern wins across all
/// domains, whatever the order of the definitions and the length of the domain names; termination takes the
/// most specific (longest) TermMatch.
/// </summary>
public sealed class OrderTests(ITestOutputHelper output)
{
    [SipFact]
    public async Task An_exact_host_of_one_tenant_beats_a_wildcard_subnet_of_another()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        // Tenant A (a long domain name, written first) owns the whole 127.0.0.2x subnet but may not originate;
        // tenant B owns the PBX at 127.0.0.21 exactly.
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.2*", ("domain", "a-tenant-with-a-long-name.example"), ("connection-orig-enabled", "no")),
            Connection("sip*@127.0.0.21", ("domain", "b.example")),
            OriginationTests.Carrier(farPort));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);

        var fromThePbx = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.21" });
        var fromTheSubnet = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Refused, LocalIp = "127.0.0.22" });

        SipAssert.Answered(fromThePbx, bed);
        SipAssert.Refused(fromTheSubnet, bed, "SIP/2.0 403 Origination disabled");
        SipAssert.ReceivedInvites((await farEnd.WaitAsync()).Trace, 1);
    }

    [SipFact]
    public async Task Termination_takes_the_longest_matching_term_match()
    {
        int carrierPort = TestPorts.NextFree("127.0.0.30"), defaultPort = TestPorts.NextFree("127.0.0.31");
        await using var bed = await SipTestBed.StartAsync(output,
            Connection("sip*@127.0.0.20"),
            // The default route for every number starting with 1 comes first, and in a domain of its own.
            Connection("sip*@127.0.0.31", ("domain", "default-routes.example"), ("connection-term-match-pattern", "1*"),
                ("connection-address", $"127.0.0.31:{defaultPort}")),
            OriginationTests.Carrier(carrierPort));
        var carrier = bed.StartFarEnd("127.0.0.30", carrierPort);
        var defaultRoute = bed.StartFarEnd("127.0.0.31", defaultPort);

        var toTheCarrier = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "15551234567" });
        var toTheDefault = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20", Dial = "16661234567" });

        SipAssert.Answered(toTheCarrier, bed);
        SipAssert.Answered(toTheDefault, bed);
        var atTheCarrier = (await carrier.WaitAsync()).Trace;
        var atTheDefault = (await defaultRoute.WaitAsync()).Trace;
        SipAssert.ReceivedInvites(atTheCarrier, 1);
        SipAssert.ReceivedInvites(atTheDefault, 1);
        Assert.StartsWith("sip:1555", atTheCarrier.ReceivedRequests("INVITE")[0].RequestUri);
        Assert.StartsWith("sip:1666", atTheDefault.ReceivedRequests("INVITE")[0].RequestUri);
    }
}
