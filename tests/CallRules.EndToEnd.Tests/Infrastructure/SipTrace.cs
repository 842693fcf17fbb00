using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>One SIP message a SIPp peer sent or received, as its <c>-message_file</c> recorded it.</summary>
internal sealed record SipMessage(bool Received, string Transport, string StartLine, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public bool IsRequest => !StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    /// <summary>The method of a request, or <c>""</c> for a response.</summary>
    public string Method => IsRequest ? StartLine.Split(' ')[0] : "";

    /// <summary>The Request-URI of a request.</summary>
    public string RequestUri => IsRequest ? StartLine.Split(' ')[1] : "";

    /// <summary>The status code of a response, or 0 for a request.</summary>
    public int StatusCode => IsRequest ? 0 : int.Parse(StartLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every value of the header <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();

    /// <summary>The single value of the header <paramref name="name"/>; fails if it is missing or repeated.</summary>
    public string Single(string name)
    {
        var values = All(name);
        if (values.Count != 1)
            throw new InvalidOperationException($"Expected one {name} header, found {values.Count} in:\n{this}");
        return values[0];
    }

    public override string ToString() => StartLine + "\n" + string.Join("\n", Headers.Select(h => $"{h.Key}: {h.Value}"));
}

/// <summary>What a SIPp peer's <c>-trace_msg -message_file</c> recorded.</summary>
internal sealed class SipTrace
{
    private const string Separator = "-----------------------------------------------";

    private SipTrace(IReadOnlyList<SipMessage> messages, string text)
    {
        Messages = messages;
        Text = text;
    }

    public IReadOnlyList<SipMessage> Messages { get; }

    /// <summary>The file as it was, for failure messages.</summary>
    public string Text { get; }

    public IEnumerable<SipMessage> Received => Messages.Where(m => m.Received);

    public IEnumerable<SipMessage> Sent => Messages.Where(m => !m.Received);

    /// <summary>The requests of <paramref name="method"/> this peer received.</summary>
    public IReadOnlyList<SipMessage> ReceivedRequests(string method) => Received.Where(m => m.Method == method).ToList();

    /// <summary>The final (non-1xx) responses this peer received.</summary>
    public IReadOnlyList<SipMessage> FinalResponses => Received.Where(m => !m.IsRequest && m.StatusCode >= 200).ToList();

    public static SipTrace Read(string path)
    {
        if (!File.Exists(path)) return new SipTrace([], "");
        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
            text = reader.ReadToEnd();
        return Parse(text);
    }

    /// <summary>
    /// Parses blocks like <c>----- 2026-01-01 10:00:00.000000 / UDP message received [300] bytes : / (blank) /
    /// SIP message</c>. SIPp's extra "Unexpected ... message received:" copies are left out.
    /// </summary>
    public static SipTrace Parse(string text)
    {
        var messages = new List<SipMessage>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            if (!lines[i].StartsWith(Separator, StringComparison.Ordinal)) { i++; continue; }
            i++;
            while (i < lines.Length && lines[i].Trim().Length == 0) i++;
            if (i >= lines.Length) break;
            var title = lines[i++];
            var received = title.Contains(" message received [", StringComparison.Ordinal);
            var sent = title.Contains(" message sent (", StringComparison.Ordinal);
            if (!received && !sent) continue;
            var transport = title.Split(' ')[0];
            while (i < lines.Length && lines[i].Trim().Length == 0) i++;
            if (i >= lines.Length) break;
            var startLine = lines[i++].Trim();
            var headers = new List<KeyValuePair<string, string>>();
            for (; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith(Separator, StringComparison.Ordinal); i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                    headers.Add(new(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
            }
            messages.Add(new SipMessage(received, transport, startLine, headers));
        }
        return new SipTrace(messages, text);
    }
}
