using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallRules.Benchmarks.Data;

/// <summary>How the generated JSON is laid out.</summary>
public enum JsonLayout
{
    /// <summary>Two-space indentation, one property per line: how people and most tools write definition files.</summary>
    Indented,
    /// <summary>No whitespace: how API dumps and <c>jq -c</c> write them.</summary>
    Minified,
}

/// <summary>
/// Writes realistic, valid connection definitions, deterministically (a seeded <see cref="Random"/>): the same
/// arguments give the same bytes on every machine. The mix is shaped like real trunks: carrier inbound with source-IP
/// checks, carrier outbound with translations and a P-Asserted-Identity format, PBX trunks with registration
/// credentials, TLS with SRTP, and minimal definitions. Three in four of the others are written the way an API export writes them, with
/// every field spelled out. Every field of connection.schema.json except the unsupported <c>call-routing</c> appears
/// in the set.
/// </summary>
public sealed class ConnectionDataGenerator
{
    /// <summary>The seed every benchmark uses.</summary>
    public const int DefaultSeed = 20251126;

    private static readonly string[] s_yesNo = ["yes", "no"];
    private static readonly string[] s_audioRelay = ["yes", "optional", "no"];
    private static readonly string[] s_comfortNoise = ["yes", "no", "system-default"];
    private static readonly string[] s_destinationSource = ["default-ip", "contact-header", "via-header"];
    private static readonly string[] s_encryptedAudio = ["no", "optional", "yes"];
    private static readonly string[] s_transport = ["UDP", "TCP", "TLS"];
    private static readonly string[] s_origHeader = ["from", "to", "request", "contact"];
    private static readonly string[] s_sessionTimer = ["system-default", "no"];
    private static readonly string[] s_ringback = ["allowed", "no-ringback", "local-only"];
    private static readonly string[] s_carriers = ["Bandwidth", "Lumen", "Inteliquent", "Telnyx", "Twilio Elastic SIP", "Peerless", "Colt", "Zürich Telekom", "Sipgate", "Vonage"];
    private static readonly string[] s_dialPlans = ["Inbound DID", "Outbound Carrier", "PBX Trunk", "Emergency", "Default"];
    private static readonly string[] s_dialPolicies = ["Permit All", "US and Canada", "Domestic Only", "No International"];
    private static readonly string[] s_zones = ["US/Pacific", "US/Eastern", "America/New_York", "America/Chicago", "Europe/Zurich", "Europe/London", "UTC", "Asia/Kolkata"];
    private static readonly string[] s_offsets = ["-7", "-5", "-05:00", "-6", "+1", "+01:00", "0", "+5:30"];

    private readonly Random _random;
    private readonly JsonWriterOptions _options;
    private readonly string[] _domains;

    /// <summary>Creates a generator; <paramref name="domainCount"/> tenants share the definitions.</summary>
    public ConnectionDataGenerator(int seed = DefaultSeed, JsonLayout layout = JsonLayout.Indented, int domainCount = 250)
    {
        _random = new Random(seed);
        // Definition files hold UTF-8 as people type it ("Zürich"), not \u escapes.
        _options = new JsonWriterOptions { Indented = layout == JsonLayout.Indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        _domains = new string[domainCount];
        for (var i = 0; i < domainCount; i++)
            _domains[i] = i % 25 == 0 ? "~" : $"tenant{i:D4}.example.net";
    }

    /// <summary>One JSON array of <paramref name="count"/> definitions, numbered from <paramref name="firstIndex"/>.</summary>
    public byte[] CreateArray(int count, int firstIndex = 0)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 2200 + 16);
        using (var writer = new Utf8JsonWriter(buffer, _options))
            WriteArray(writer, count, firstIndex);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one JSON array of <paramref name="count"/> definitions to <paramref name="stream"/>, flushing as it goes.</summary>
    public void WriteArray(Stream stream, int count, int firstIndex = 0)
    {
        using var writer = new Utf8JsonWriter(stream, _options);
        writer.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            WriteDefinition(writer, firstIndex + i);
            if (writer.BytesPending > 64 * 1024) writer.Flush();
        }
        writer.WriteEndArray();
        writer.Flush();
    }

    private void WriteArray(Utf8JsonWriter writer, int count, int firstIndex)
    {
        writer.WriteStartArray();
        for (var i = 0; i < count; i++) WriteDefinition(writer, firstIndex + i);
        writer.WriteEndArray();
    }

    /// <summary>Writes definition number <paramref name="index"/>; its key is unique for each index.</summary>
    public void WriteDefinition(Utf8JsonWriter writer, int index)
    {
        var r = _random;
        var ip = $"10.{(index >> 16) & 0xFF}.{(index >> 8) & 0xFF}.{index & 0xFF}";
        var domain = _domains[r.Next(_domains.Length)];
        var carrier = Pick(s_carriers);
        var shape = r.Next(100) switch
        {
            < 25 => Shape.CarrierInbound,
            < 50 => Shape.CarrierOutbound,
            < 75 => Shape.PbxRegistration,
            < 90 => Shape.TlsSrtp,
            _ => Shape.Minimal,
        };
        // API exports spell out every field, defaults included; hand-written files set what matters.
        var export = shape != Shape.Minimal && r.Next(100) < 75;

        writer.WriteStartObject();
        writer.WriteString("connection-orig-match-pattern", shape == Shape.PbxRegistration ? $"sip*@pbx{index}.customer.example" : $"sip*@{ip}");
        writer.WriteString("domain", domain);
        if (shape == Shape.Minimal)
        {
            if (r.Next(2) == 0) writer.WriteString("description", $"Lab peer {index}");
            writer.WriteEndObject();
            return;
        }
        writer.WriteString("description", shape switch
        {
            Shape.CarrierInbound => $"{carrier} inbound DIDs, circuit {r.Next(1000, 9999)}-{index}; source-IP checked, no auth.",
            Shape.CarrierOutbound => $"{carrier} outbound termination, route {r.Next(1, 40)}: E.164 translation and a P-Asserted-Identity for caller ID.",
            Shape.PbxRegistration => $"Customer PBX trunk #{index} (registers with digest credentials; calls both ways; managed by tenant admin).",
            _ => $"{carrier} TLS trunk with SRTP, port 5061, circuit {index}.",
        });
        if (export || shape is Shape.CarrierOutbound or Shape.PbxRegistration || r.Next(4) == 0)
            writer.WriteString("connection-term-match-pattern", shape == Shape.PbxRegistration ? $"sip*@pbx{index}.customer.example" : $"sip*@{ip}:5060");
        OptionalEnum(writer, "connection-audio-relay-enabled", s_audioRelay, export);
        writer.WriteString("connection-address", shape == Shape.PbxRegistration ? $"pbx{index}.customer.example" : ip);
        writer.WriteString("dial-plan", Pick(s_dialPlans));
        writer.WriteString("dial-policy", Pick(s_dialPolicies));
        Integer(writer, "limits-max-active-calls-orig", r.Next(0, 500));
        Integer(writer, "limits-max-active-calls-term", r.Next(0, 500));
        if (export || r.Next(2) == 0) Integer(writer, "limits-max-active-calls-total", r.Next(10, 1000));
        if (export || r.Next(3) == 0) writer.WriteString("connection-linked-billing-user", r.Next(2) == 0 ? "domain" : $"billing{index % 97}");

        if (shape == Shape.PbxRegistration || (export && r.Next(4) == 0))
        {
            writer.WriteString("connection-sip-registration-username", $"trunk{index}");
            writer.WriteString("connection-sip-registration-password", Password(20));
            writer.WriteString("connection-sip-registration-realm", domain == "~" ? "sip.example.net" : domain);
            writer.WriteString("connection-sip-registration-expires-datetime", r.Next(3) == 0
                ? $"2026-{r.Next(1, 13):D2}-{r.Next(1, 29):D2}T{r.Next(24):D2}:{r.Next(60):D2}:{r.Next(60):D2}Z"
                : $"2026-{r.Next(1, 13):D2}-{r.Next(1, 29):D2} {r.Next(24):D2}:{r.Next(60):D2}:{r.Next(60):D2}");
            Enum(writer, "connection-sip-authenticate-as-client-enabled", r.Next(3) == 0 ? "no" : "yes");
            Enum(writer, "connection-require-sip-authentication-enabled", "yes");
            Enum(writer, "connection-sip-get-new-dialog-destination-from", r.Next(2) == 0 ? "contact-header" : "via-header");
            Enum(writer, "connection-sip-get-response-destination-from", "via-header");
        }
        else if (export)
        {
            Enum(writer, "connection-sip-authenticate-as-client-enabled", "no");
            Enum(writer, "connection-require-sip-authentication-enabled", "no");
            OptionalEnum(writer, "connection-sip-get-new-dialog-destination-from", s_destinationSource, true);
            OptionalEnum(writer, "connection-sip-get-response-destination-from", s_destinationSource, true);
        }

        Enum(writer, "connection-orig-enabled", shape == Shape.CarrierOutbound ? "no" : "yes");
        Enum(writer, "connection-term-enabled", shape == Shape.CarrierInbound ? "no" : "yes");
        if (shape == Shape.CarrierOutbound || (export && r.Next(3) == 0))
        {
            writer.WriteString("connection-translation-request-host", $"{ip}:5060");
            writer.WriteString("connection-translation-destination-host", ip);
            writer.WriteString("connection-translation-request-user", r.Next(2) == 0 ? "+1[*]" : "[*]");
            writer.WriteString("connection-translation-destination-user", "[*]");
            writer.WriteString("connection-translation-source-user", r.Next(2) == 0 ? "1[*]" : "[*]");
            writer.WriteString("connection-translation-source-host", "sbc.example.net");
            writer.WriteString("connection-custom-p-asserted-id-format", r.Next(2) == 0 ? "<sip:[*]@[domain]>" : "\"[name]\" <sip:+1[*]@sbc.example.net;user=phone>");
        }
        else if (export)
        {
            writer.WriteString("connection-translation-destination-host", "");
            writer.WriteString("connection-translation-request-user", "[*]");
            writer.WriteString("connection-translation-destination-user", "[*]");
            writer.WriteString("connection-translation-source-user", "[*]");
        }
        Enum(writer, "connection-source-ip-checking-enabled", shape == Shape.CarrierInbound ? "yes" : Pick(s_yesNo), shape == Shape.CarrierInbound || export);
        OptionalEnum(writer, "connection-include-server-header-enabled", s_yesNo, export);
        OptionalEnum(writer, "connection-relay-comfort-noise-enabled", s_comfortNoise, export);
        OptionalEnum(writer, "connection-pcmu-only-enabled", s_yesNo, export);
        OptionalEnum(writer, "connection-enforce-minimum-duration-enabled", s_yesNo, export || shape == Shape.CarrierOutbound);
        OptionalEnum(writer, "connection-bind-to-alternate-interface-enabled", s_yesNo, export);
        OptionalEnum(writer, "connection-block-video-in-sdp-enabled", s_yesNo, export);
        if (shape == Shape.TlsSrtp)
        {
            Enum(writer, "connection-require-encrypted-audio-enabled", r.Next(2) == 0 ? "yes" : "optional");
            Enum(writer, "connection-sip-transport-protocol", "TLS");
            Enum(writer, "connection-prevent-rtp-port-change-enabled", "yes");
            Enum(writer, "connection-sip-session-timer-enabled", Pick(s_sessionTimer));
        }
        else
        {
            OptionalEnum(writer, "connection-require-encrypted-audio-enabled", s_encryptedAudio, export);
            OptionalEnum(writer, "connection-sip-transport-protocol", s_transport, export);
            OptionalEnum(writer, "connection-prevent-rtp-port-change-enabled", s_yesNo, export);
            OptionalEnum(writer, "connection-sip-session-timer-enabled", s_sessionTimer, export);
        }
        OptionalEnum(writer, "connection-check-orig-matching-sip-header", s_origHeader, export);
        OptionalEnum(writer, "connection-hide-post-dial-delay-with-ringback-enabled", s_yesNo, export);
        OptionalEnum(writer, "connection-remote-ringback-handling", s_ringback, export);
        OptionalEnum(writer, "connection-block-media-in-sip-180-ringing", s_yesNo, export);
        OptionalEnum(writer, "connection-allow-mid-call-uri-updates-enabled", s_yesNo, export);
        OptionalEnum(writer, "connection-record-all-calls-enabled", s_yesNo, export);
        if (export || r.Next(3) == 0)
        {
            var zone = r.Next(s_zones.Length);
            writer.WriteString("utc-offset", s_offsets[zone]);
            writer.WriteString("time-zone", s_zones[zone]);
        }
        if (export || shape == Shape.CarrierOutbound) Integer(writer, "minimum-call-duration-seconds", r.Next(0, 7));
        Enum(writer, "connection-is-carrier-trunk", shape is Shape.CarrierInbound or Shape.CarrierOutbound ? "yes" : "no",
            export || shape is Shape.CarrierInbound or Shape.CarrierOutbound);
        writer.WriteEndObject();
    }

    private enum Shape { CarrierInbound, CarrierOutbound, PbxRegistration, TlsSrtp, Minimal }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private void Enum(Utf8JsonWriter writer, string name, string value, bool write = true)
    {
        if (write) writer.WriteString(name, value);
    }

    /// <summary>Spelled out in an export; otherwise set now and then, as people override a default.</summary>
    private void OptionalEnum(Utf8JsonWriter writer, string name, string[] values, bool export)
    {
        if (export || _random.Next(5) == 0) writer.WriteString(name, Pick(values));
    }

    /// <summary>Integers as JSON numbers, and now and then as a string of digits, as API clients send them.</summary>
    private void Integer(Utf8JsonWriter writer, string name, int value)
    {
        if (_random.Next(10) == 0) writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        else writer.WriteNumber(name, value);
    }

    private string Password(int length)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-_";
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = alphabet[_random.Next(alphabet.Length)];
        return new string(chars);
    }
}
