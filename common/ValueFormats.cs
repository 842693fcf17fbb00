// One rule, two builds: this file is compiled into the runtime (net10.0, public) and into the generator
// (netstandard2.0, internal), so a schema default the build accepts is a value every definition may hold. Write it in
// the C# and the API both targets have (no ranges, no char.IsAscii*, no int.Parse of spans).
using System;
using System.Collections.Generic;
using System.Globalization;

#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Validation;
#endif

/// <summary>
/// The named formats of the schema language (<c>format</c>): each has a check and a description of what it accepts.
/// Checks are syntactic and culture-independent, so a definition is valid or not on every machine alike.
/// </summary>
static partial class ValueFormats
{
    /// <summary><c>date-time</c>: <c>yyyy-MM-dd HH:mm:ss</c>, or ISO 8601 with <c>T</c>, optional fraction and offset.</summary>
    public const string DateTime = "date-time";
    /// <summary><c>time-zone</c>: an IANA time zone name such as <c>US/Pacific</c> or <c>America/New_York</c>, or <c>UTC</c>.</summary>
    public const string TimeZone = "time-zone";
    /// <summary><c>utc-offset</c>: hours from UTC between -12 and +14, optionally with minutes: <c>-7</c>, <c>+5:30</c>, <c>-07:00</c>.</summary>
    public const string UtcOffset = "utc-offset";

    /// <summary>The longest time-zone name accepted (the longest IANA name is 32 characters).</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>Every format name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { DateTime, TimeZone, UtcOffset };

    private static readonly string[] s_dateTimeFormats =
    {
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    };

    /// <summary>Whether <paramref name="format"/> is one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string format) => format is DateTime or TimeZone or UtcOffset;

    /// <summary>What a format accepts, for messages.</summary>
    public static string Describe(string format) => format switch
    {
        DateTime => "a date and time as 'yyyy-MM-dd HH:mm:ss' (for example '2025-05-19 02:41:11') or ISO 8601",
        TimeZone => "an IANA time zone name such as 'US/Pacific' or 'America/New_York', or 'UTC'",
        UtcOffset => "an offset from UTC in hours between -12 and +14, optionally with minutes (for example '-7', '+5:30' or '-07:00')",
        _ => "the format '" + format + "'",
    };

    /// <summary>Whether <paramref name="value"/> is in <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a known format.</exception>
    public static bool IsValid(string format, string value) => format switch
    {
        DateTime => IsDateTime(value),
        TimeZone => IsTimeZone(value),
        UtcOffset => IsUtcOffset(value),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    private static bool IsDateTime(string value)
    {
        // The common form, 'yyyy-MM-dd HH:mm:ss' (or with 'T'), is checked by hand; the rest by the full parser.
        if (value.Length == 19 && IsPlainDateTime(value.AsSpan())) return true;
        return DateTimeOffset.TryParseExact(value, s_dateTimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out _);
    }

    private static bool IsPlainDateTime(ReadOnlySpan<char> s)
    {
        if (s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return false;
        if (!TryDigits(s.Slice(0, 4), out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second))
            return false;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= System.DateTime.DaysInMonth(year, month)
            && hour <= 23 && minute <= 59 && second <= 59;
    }

    private static bool IsTimeZone(string value)
    {
        // IANA names: one or more '/'-separated parts, each starting with a letter, of letters, digits, '_', '-', '+'.
        if (value.Length is 0 or > MaxTimeZoneLength) return false;
        var rest = value.AsSpan();
        var parts = 0;
        while (true)
        {
            var slash = rest.IndexOf('/');
            var part = slash >= 0 ? rest.Slice(0, slash) : rest;
            if (part.Length == 0 || !IsAsciiLetter(part[0])) return false;
            foreach (var c in part)
                if (!IsAsciiLetter(c) && !IsDigit(c) && c is not ('_' or '-' or '+')) return false;
            parts++;
            if (slash < 0) break;
            rest = rest.Slice(slash + 1);
        }
        // A lone lower-case word ("pacific") is not a zone; the single-part names are upper-case (UTC, GMT, EST5EDT).
        return parts > 1 || value[0] is >= 'A' and <= 'Z';
    }

    private static bool IsUtcOffset(string value)
    {
        var s = value.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s.Slice(1);
        }
        var colon = s.IndexOf(':');
        var hoursText = colon >= 0 ? s.Slice(0, colon) : s;
        if (hoursText.Length is 0 or > 2 || !TryDigits(hoursText, out var hours)) return false;
        var minutes = 0;
        if (colon >= 0)
        {
            var minutesText = s.Slice(colon + 1);
            if (minutesText.Length != 2 || !TryDigits(minutesText, out minutes)) return false;
            if (minutes is not (0 or 30 or 45)) return false;
        }
        var total = (negative ? -1 : 1) * (hours * 60 + minutes);
        return total is >= -12 * 60 and <= 14 * 60;
    }

    /// <summary>The value of a run of ASCII digits (at most 9 of them, so it cannot overflow).</summary>
    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!IsDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';
}
