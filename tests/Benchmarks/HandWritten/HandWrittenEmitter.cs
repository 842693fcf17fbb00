using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CallRules.Benchmarks.HandWritten;

/// <summary>
/// The baseline's call-rule emitter: a <see cref="StringBuilder"/> that writes the same text as the generated
/// <c>Connection.WriteCallRules</c> (section, then the rules with defaults applied and values mapped), encoded to UTF-8.
/// </summary>
public sealed class HandWrittenEmitter
{
    private readonly StringBuilder _text = new(4096);

    /// <summary>Appends the section of <paramref name="c"/> to <paramref name="output"/> as UTF-8.</summary>
    public void Write(HandWrittenConnection c, IBufferWriter<byte> output)
    {
        var t = _text.Clear();
        t.Append('[').Append(c.Domain).Append('/').Append(c.ConnectionOrigMatchPattern).Append("]\n");
        Rule(t, "OrigMatch", c.ConnectionOrigMatchPattern);
        Rule(t, "Domain", c.Domain);
        Rule(t, "TermMatch", c.ConnectionTermMatchPattern ?? c.ConnectionOrigMatchPattern);
        Rule(t, "NatWan", (c.ConnectionAudioRelayEnabled ?? "yes") switch
        {
            "yes" => "automatic",
            "optional" => "none",
            "no" => "never",
            var other => other,
        });
        Rule(t, "Address", c.ConnectionAddress);
        Rule(t, "DialPlan", c.DialPlan);
        Rule(t, "DialPolicy", c.DialPolicy);
        Rule(t, "MaxCallsOrig", c.LimitsMaxActiveCallsOrig);
        Rule(t, "MaxCallsTerm", c.LimitsMaxActiveCallsTerm);
        Rule(t, "MaxCallsTotal", c.LimitsMaxActiveCallsTotal);
        Rule(t, "BillingUser", c.ConnectionLinkedBillingUser);
        Rule(t, "AuthUser", c.ConnectionSipRegistrationUsername);
        Rule(t, "AuthPassword", c.ConnectionSipRegistrationPassword);
        Rule(t, "AuthRealm", c.ConnectionSipRegistrationRealm);
        Rule(t, "OrigEnabled", c.ConnectionOrigEnabled ?? "yes");
        Rule(t, "TermEnabled", c.ConnectionTermEnabled ?? "yes");
        Rule(t, "RequestHost", c.ConnectionTranslationRequestHost);
        Rule(t, "DestHost", c.ConnectionTranslationDestinationHost ?? "");
        Rule(t, "RequestUser", c.ConnectionTranslationRequestUser ?? "");
        Rule(t, "DestUser", c.ConnectionTranslationDestinationUser ?? "");
        Rule(t, "SourceUser", c.ConnectionTranslationSourceUser ?? "");
        Rule(t, "CheckSourceIp", c.ConnectionSourceIpCheckingEnabled ?? "no");
        Rule(t, "ServerHeader", c.ConnectionIncludeServerHeaderEnabled ?? "no");
        Rule(t, "ComfortNoise", c.ConnectionRelayComfortNoiseEnabled ?? "system-default");
        Rule(t, "PcmuOnly", c.ConnectionPcmuOnlyEnabled ?? "no");
        Rule(t, "EnforceMinDuration", c.ConnectionEnforceMinimumDurationEnabled ?? "no");
        Rule(t, "AltInterface", c.ConnectionBindToAlternateInterfaceEnabled ?? "no");
        Rule(t, "BlockVideo", c.ConnectionBlockVideoInSdpEnabled ?? "no");
        Rule(t, "NewDialogDest", c.ConnectionSipGetNewDialogDestinationFrom ?? "default-ip");
        Rule(t, "ResponseDest", c.ConnectionSipGetResponseDestinationFrom ?? "default-ip");
        Rule(t, "Srtp", c.ConnectionRequireEncryptedAudioEnabled ?? "no");
        Rule(t, "Transport", c.ConnectionSipTransportProtocol ?? "UDP");
        Rule(t, "OrigMatchHeader", c.ConnectionCheckOrigMatchingSipHeader ?? "from");
        Rule(t, "SessionTimer", c.ConnectionSipSessionTimerEnabled ?? "system-default");
        Rule(t, "LockRtpPort", c.ConnectionPreventRtpPortChangeEnabled ?? "no");
        Rule(t, "HidePdd", c.ConnectionHidePostDialDelayWithRingbackEnabled ?? "no");
        Rule(t, "Ringback", c.ConnectionRemoteRingbackHandling ?? "allowed");
        Rule(t, "Block180Media", c.ConnectionBlockMediaInSip180Ringing ?? "no");
        Rule(t, "MidCallUriUpdates", c.ConnectionAllowMidCallUriUpdatesEnabled ?? "no");
        Rule(t, "Record", c.ConnectionRecordAllCallsEnabled ?? "no");
        Rule(t, "PAId", c.ConnectionCustomPAssertedIdFormat);
        Rule(t, "RequireAuth", c.ConnectionRequireSipAuthenticationEnabled ?? "no");
        Rule(t, "SourceHost", c.ConnectionTranslationSourceHost);
        Rule(t, "UtcOffset", c.UtcOffset);
        Rule(t, "TimeZone", c.TimeZone);
        Rule(t, "MinDuration", c.MinimumCallDurationSeconds ?? 0);
        Rule(t, "RegExpires", c.ConnectionSipRegistrationExpiresDatetime);
        Rule(t, "AuthAsClient", c.ConnectionSipAuthenticateAsClientEnabled ?? "no");
        Rule(t, "CarrierTrunk", c.ConnectionIsCarrierTrunk ?? "no");

        foreach (var chunk in t.GetChunks())
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            output.Advance(Encoding.UTF8.GetBytes(chunk.Span, span));
        }
    }

    private static void Rule(StringBuilder t, string key, string? value)
    {
        if (value is not null) t.Append(key).Append('=').Append(value).Append('\n');
    }

    private static void Rule(StringBuilder t, string key, long? value)
    {
        if (value is { } number) t.Append(key).Append('=').Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}

/// <summary>The source-generated System.Text.Json context of the baseline.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(List<HandWrittenConnection>))]
public sealed partial class HandWrittenJsonContext : JsonSerializerContext;

/// <summary>
/// The hand-written compile: deserialize the array, validate each connection with DataAnnotations, emit the valid ones.
/// </summary>
public sealed class HandWrittenCompiler
{
    /// <summary>Reflection-based options, as most code uses them.</summary>
    public static readonly JsonSerializerOptions ReflectionOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private readonly HandWrittenEmitter _emitter = new();
    private readonly List<ValidationResult> _results = [];

    /// <summary>Deserializes with reflection; returns how many were invalid.</summary>
    public int CompileReflection(byte[] json, IBufferWriter<byte> output) =>
        Compile(JsonSerializer.Deserialize<List<HandWrittenConnection>>(json, ReflectionOptions)!, output);

    /// <summary>Deserializes with the source-generated context; returns how many were invalid.</summary>
    public int CompileSourceGenerated(byte[] json, IBufferWriter<byte> output) =>
        Compile(JsonSerializer.Deserialize(json, HandWrittenJsonContext.Default.ListHandWrittenConnection)!, output);

    private int Compile(List<HandWrittenConnection> connections, IBufferWriter<byte> output)
    {
        var invalid = 0;
        foreach (var connection in connections)
        {
            _results.Clear();
            if (Validator.TryValidateObject(connection, new ValidationContext(connection), _results, validateAllProperties: true))
                _emitter.Write(connection, output);
            else
                invalid++;
        }
        return invalid;
    }

    /// <summary>The first validation messages of the last invalid connection, for diagnostics.</summary>
    public IReadOnlyList<ValidationResult> LastResults => _results;
}
