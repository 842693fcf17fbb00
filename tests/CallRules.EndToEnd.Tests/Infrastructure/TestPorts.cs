using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Hands out port numbers for Kamailio (on 127.0.0.1) and for each SIPp peer's SIP, control and media sockets.
/// Never 5060, where a packaged Kamailio service may listen. A run takes a few hundred ports from a block chosen
/// by its process id, so two runs of the suite at once (two people, one machine) are unlikely to meet; and a
/// port that is already bound on the address it is wanted for is passed over, so a test never talks to a
/// stranger's server by mistake.
/// </summary>
internal static class TestPorts
{
    private const int First = 15060;
    private const int BlockSize = 520;
    private const int Blocks = 28;
    private static int s_next = First + Environment.ProcessId % Blocks * BlockSize;

    private static int Next(int count) => Interlocked.Add(ref s_next, count) - count;

    /// <summary>The first of <paramref name="count"/> consecutive ports that are free for UDP and TCP on <paramref name="address"/> now.</summary>
    public static int NextFree(string address, int count = 1)
    {
        var ip = IPAddress.Parse(address);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Next(count);
            var free = true;
            for (var port = first; port < first + count && free; port++)
                free = IsFree(ip, port);
            if (free) return first;
        }
        throw new InvalidOperationException($"No free ports on {address} near {s_next}.");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, port));
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
