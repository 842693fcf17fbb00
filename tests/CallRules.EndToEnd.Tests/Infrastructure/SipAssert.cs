using System.Linq;
using Xunit;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>Assertions on calls, with everything needed to see why in the failure message.</summary>
internal static class SipAssert
{
    /// <summary>The caller's call was answered (200) and ended as scripted.</summary>
    public static void Answered(SippResult caller, SipTestBed bed)
    {
        var finals = caller.Trace.FinalResponses.Where(r => r.Single("CSeq").EndsWith("INVITE", System.StringComparison.Ordinal)).ToList();
        Assert.True(caller.ExitCode == 0 && finals.Count > 0 && finals[^1].StatusCode == 200,
            $"Expected the call to be answered.\n{caller}\n--- kamailio ---\n{bed.ServerLogs}");
    }

    /// <summary>The caller's INVITE got exactly <paramref name="statusLine"/> as its final response.</summary>
    public static void Refused(SippResult caller, SipTestBed bed, string statusLine)
    {
        var finals = caller.Trace.FinalResponses;
        Assert.True(finals.Count > 0,
            $"Expected the call to be refused with '{statusLine}', but it got no final response.\n{caller}\n--- kamailio ---\n{bed.ServerLogs}");
        Assert.Equal(statusLine, finals[^1].StartLine);
        Assert.True(caller.ExitCode == 0, $"Expected sipp to end cleanly after the refusal.\n{caller}");
    }

    /// <summary>A far end (already stopped or finished) received exactly <paramref name="count"/> INVITEs.</summary>
    public static void ReceivedInvites(SipTrace farEnd, int count)
        => Assert.True(farEnd.ReceivedRequests("INVITE").Count == count,
            $"Expected the far end to receive {count} INVITE(s), it received {farEnd.ReceivedRequests("INVITE").Count}:\n{farEnd.Text}");
}
