using System.IO;
using System.Threading.Tasks;
using CallRules.EndToEnd.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static CallRules.EndToEnd.Tests.Infrastructure.Definitions;

namespace CallRules.EndToEnd.Tests;

/// <summary>
/// reload.sh: the server takes the current call-rule file without a restart; an invalid file is refused and the
/// server keeps answering with the rules it had.
/// </summary>
public sealed class ReloadTests(ITestOutputHelper output)
{
    private static string Office => Connection("sip*@127.0.0.20");

    private static string Carrier(int port, string paid) =>
        OriginationTests.Carrier(port, ("connection-custom-p-asserted-id-format", paid));

    [SipFact]
    public async Task A_reload_changes_a_rule_for_the_next_call()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output, Office, Carrier(farPort, "<sip:+15550000001@example.com>"));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort, calls: 2);
        var before = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        await bed.CompileAsync([Office, Carrier(farPort, "<sip:+15550000002@example.com>")]);
        var (exitCode, log) = await bed.ReloadAsync();
        var after = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        Assert.True(exitCode == 0, log);
        Assert.Contains("callrules: reloaded 2 connection(s)", log);
        SipAssert.Answered(before, bed);
        SipAssert.Answered(after, bed);
        var invites = (await farEnd.WaitAsync()).Trace.ReceivedRequests("INVITE");
        Assert.Equal(2, invites.Count);
        Assert.Equal("<sip:+15550000001@example.com>", invites[0].Single("P-Asserted-Identity"));
        Assert.Equal("<sip:+15550000002@example.com>", invites[1].Single("P-Asserted-Identity"));
    }

    [SipFact]
    public async Task An_invalid_file_is_refused_with_its_line_and_the_server_keeps_its_rules()
    {
        var farPort = TestPorts.NextFree("127.0.0.30");
        await using var bed = await SipTestBed.StartAsync(output, Office, Carrier(farPort, "<sip:+15550000001@example.com>"));
        var farEnd = bed.StartFarEnd("127.0.0.30", farPort);
        var good = await File.ReadAllTextAsync(bed.RulesFile);
        // The operator's new file has a bad value on its last line (replaced atomically, as callrules compile does).
        var broken = good + "MaxCallsTerm=lots\n";
        var temporary = bed.RulesFile + ".new";
        await File.WriteAllTextAsync(temporary, broken);
        File.Move(temporary, bed.RulesFile, overwrite: true);
        var badLine = broken.Split('\n').Length - 1;

        var (exitCode, log) = await bed.ReloadAsync();
        var after = await bed.CallAsync(new SippOptions { Scenario = Scenarios.Answered, LocalIp = "127.0.0.20" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{bed.RulesFile}:{badLine}: MaxCallsTerm must be a whole number of calls, got 'lots'", log);
        Assert.Contains("the server keeps its current rules", log);
        Assert.False(bed.Server.HasExited);
        SipAssert.Answered(after, bed);
        var invite = (await farEnd.WaitAsync()).Trace.ReceivedRequests("INVITE")[0];
        Assert.Equal("<sip:+15550000001@example.com>", invite.Single("P-Asserted-Identity"));
    }
}
