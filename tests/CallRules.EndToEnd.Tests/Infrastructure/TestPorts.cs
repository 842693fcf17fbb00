using System;
using System.Threading;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Hands out port numbers no other process of this run uses: for Kamailio (on 127.0.0.1) and for each SIPp
/// peer's SIP, control and media sockets. Never 5060: a packaged Kamailio service may hold it. The base moves
/// with the process id, so two runs of the suite at once (two people, one machine) are unlikely to meet.
/// </summary>
internal static class TestPorts
{
    private const int First = 15060;
    private static int _next = First + Environment.ProcessId % 40 * 250;

    /// <summary>The first of <paramref name="count"/> consecutive free-for-us ports.</summary>
    public static int Next(int count = 1) => Interlocked.Add(ref _next, count) - count;
}
