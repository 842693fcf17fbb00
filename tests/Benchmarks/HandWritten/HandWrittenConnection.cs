using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallRules.Benchmarks.HandWritten;

/// <summary>
/// The baseline: the connection as a C# developer would write it by hand for System.Text.Json and DataAnnotations,
/// with the same 51 fields, limits, allowed values and formats as connection.schema.json. Yes/no and other enums are
/// strings checked with <see cref="AllowedValuesAttribute"/>; formats are regular expressions. Unknown properties are
/// rejected, as CallRules rejects them.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class HandWrittenConnection
{
    [JsonPropertyName("connection-orig-match-pattern"), Required, MaxLength(255)]
    public string? ConnectionOrigMatchPattern { get; set; }

    [JsonPropertyName("domain"), Required, MaxLength(64), RegularExpression(@"~|\*|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")]
    public string? Domain { get; set; }

    [JsonPropertyName("description"), MaxLength(1024)]
    public string? Description { get; set; }

    [JsonPropertyName("connection-term-match-pattern"), MaxLength(255)]
    public string? ConnectionTermMatchPattern { get; set; }

    [JsonPropertyName("connection-audio-relay-enabled"), AllowedValues("yes", "optional", "no", null)]
    public string? ConnectionAudioRelayEnabled { get; set; }

    [JsonPropertyName("connection-address"), MaxLength(255)]
    public string? ConnectionAddress { get; set; }

    [JsonPropertyName("dial-plan"), MaxLength(255)]
    public string? DialPlan { get; set; }

    [JsonPropertyName("dial-policy"), MaxLength(255)]
    public string? DialPolicy { get; set; }

    [JsonPropertyName("limits-max-active-calls-orig"), Range(0, 100000)]
    public long? LimitsMaxActiveCallsOrig { get; set; }

    [JsonPropertyName("limits-max-active-calls-term"), Range(0, 100000)]
    public long? LimitsMaxActiveCallsTerm { get; set; }

    [JsonPropertyName("limits-max-active-calls-total"), Range(0, 100000)]
    public long? LimitsMaxActiveCallsTotal { get; set; }

    [JsonPropertyName("connection-linked-billing-user"), MaxLength(255)]
    public string? ConnectionLinkedBillingUser { get; set; }

    [JsonPropertyName("connection-sip-registration-username"), MaxLength(128)]
    public string? ConnectionSipRegistrationUsername { get; set; }

    [JsonPropertyName("connection-sip-registration-password"), MaxLength(128)]
    public string? ConnectionSipRegistrationPassword { get; set; }

    [JsonPropertyName("connection-sip-registration-realm"), MaxLength(255)]
    public string? ConnectionSipRegistrationRealm { get; set; }

    [JsonPropertyName("connection-orig-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionOrigEnabled { get; set; }

    [JsonPropertyName("connection-term-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionTermEnabled { get; set; }

    [JsonPropertyName("connection-translation-request-host"), MaxLength(255)]
    public string? ConnectionTranslationRequestHost { get; set; }

    [JsonPropertyName("connection-translation-destination-host"), MaxLength(255)]
    public string? ConnectionTranslationDestinationHost { get; set; }

    [JsonPropertyName("connection-translation-request-user"), MaxLength(255)]
    public string? ConnectionTranslationRequestUser { get; set; }

    [JsonPropertyName("connection-translation-destination-user"), MaxLength(255)]
    public string? ConnectionTranslationDestinationUser { get; set; }

    [JsonPropertyName("connection-translation-source-user"), MaxLength(255)]
    public string? ConnectionTranslationSourceUser { get; set; }

    [JsonPropertyName("connection-source-ip-checking-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionSourceIpCheckingEnabled { get; set; }

    [JsonPropertyName("connection-include-server-header-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionIncludeServerHeaderEnabled { get; set; }

    [JsonPropertyName("connection-relay-comfort-noise-enabled"), AllowedValues("yes", "no", "system-default", null)]
    public string? ConnectionRelayComfortNoiseEnabled { get; set; }

    [JsonPropertyName("connection-pcmu-only-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionPcmuOnlyEnabled { get; set; }

    [JsonPropertyName("connection-enforce-minimum-duration-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionEnforceMinimumDurationEnabled { get; set; }

    [JsonPropertyName("connection-bind-to-alternate-interface-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionBindToAlternateInterfaceEnabled { get; set; }

    [JsonPropertyName("connection-block-video-in-sdp-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionBlockVideoInSdpEnabled { get; set; }

    [JsonPropertyName("connection-sip-get-new-dialog-destination-from"), AllowedValues("default-ip", "contact-header", "via-header", null)]
    public string? ConnectionSipGetNewDialogDestinationFrom { get; set; }

    [JsonPropertyName("connection-sip-get-response-destination-from"), AllowedValues("default-ip", "contact-header", "via-header", null)]
    public string? ConnectionSipGetResponseDestinationFrom { get; set; }

    [JsonPropertyName("connection-require-encrypted-audio-enabled"), AllowedValues("no", "optional", "yes", null)]
    public string? ConnectionRequireEncryptedAudioEnabled { get; set; }

    [JsonPropertyName("connection-sip-transport-protocol"), AllowedValues("UDP", "TCP", "TLS", null)]
    public string? ConnectionSipTransportProtocol { get; set; }

    [JsonPropertyName("connection-check-orig-matching-sip-header"), AllowedValues("from", "to", "request", "contact", null)]
    public string? ConnectionCheckOrigMatchingSipHeader { get; set; }

    [JsonPropertyName("connection-sip-session-timer-enabled"), AllowedValues("system-default", "no", null)]
    public string? ConnectionSipSessionTimerEnabled { get; set; }

    [JsonPropertyName("connection-prevent-rtp-port-change-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionPreventRtpPortChangeEnabled { get; set; }

    [JsonPropertyName("connection-hide-post-dial-delay-with-ringback-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionHidePostDialDelayWithRingbackEnabled { get; set; }

    [JsonPropertyName("connection-remote-ringback-handling"), AllowedValues("allowed", "no-ringback", "local-only", null)]
    public string? ConnectionRemoteRingbackHandling { get; set; }

    [JsonPropertyName("connection-block-media-in-sip-180-ringing"), AllowedValues("yes", "no", null)]
    public string? ConnectionBlockMediaInSip180Ringing { get; set; }

    [JsonPropertyName("connection-allow-mid-call-uri-updates-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionAllowMidCallUriUpdatesEnabled { get; set; }

    [JsonPropertyName("connection-record-all-calls-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionRecordAllCallsEnabled { get; set; }

    [JsonPropertyName("connection-custom-p-asserted-id-format"), MaxLength(255)]
    public string? ConnectionCustomPAssertedIdFormat { get; set; }

    [JsonPropertyName("connection-require-sip-authentication-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionRequireSipAuthenticationEnabled { get; set; }

    [JsonPropertyName("connection-translation-source-host"), MaxLength(255)]
    public string? ConnectionTranslationSourceHost { get; set; }

    [JsonPropertyName("utc-offset"), MaxLength(6), RegularExpression(@"[+-]?(?:1[0-4]|0?[0-9])(?::(?:00|30|45))?")]
    public string? UtcOffset { get; set; }

    [JsonPropertyName("time-zone"), MaxLength(64), RegularExpression(@"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z][A-Za-z0-9_+-]*)*")]
    public string? TimeZone { get; set; }

    [JsonPropertyName("minimum-call-duration-seconds"), Range(0, 3600)]
    public long? MinimumCallDurationSeconds { get; set; }

    [JsonPropertyName("connection-sip-registration-expires-datetime"), MaxLength(40),
     RegularExpression(@"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})?")]
    public string? ConnectionSipRegistrationExpiresDatetime { get; set; }

    [JsonPropertyName("connection-sip-authenticate-as-client-enabled"), AllowedValues("yes", "no", null)]
    public string? ConnectionSipAuthenticateAsClientEnabled { get; set; }

    [JsonPropertyName("connection-is-carrier-trunk"), AllowedValues("yes", "no", null)]
    public string? ConnectionIsCarrierTrunk { get; set; }

    /// <summary>Not supported by the API: the validator rejects any value.</summary>
    [JsonPropertyName("call-routing"), AllowedValues(new object?[] { null })]
    public JsonElement? CallRouting { get; set; }
}
