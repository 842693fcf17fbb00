using System;
using System.Globalization;

namespace CallRules.Runtime.Validation;

/// <summary>
/// The named formats of the schema language (<c>format</c>): each has a check and a description of what it accepts.
/// Checks are syntactic and culture-independent, so a definition is valid or not on every machine alike.
/// </summary>
public static class ValueFormats
{
    /// <summary><c>date-time</c>: <c>yyyy-MM-dd HH:mm:ss</c>, or ISO 8601 with <c>T</c>, optional fraction and offset.</summary>
    public const string DateTime = "date-time";
    /// <summary><c>time-zone</c>: an IANA time zone name such as <c>US/Pacific</c> or <c>America/New_York</c>, or <c>UTC</c>.</summary>
    public const string TimeZone = "time-zone";
    /// <summary><c>utc-offset</c>: hours from UTC between -12 and +14, optionally with minutes: <c>-7</c>, <c>+5:30</c>, <c>-07:00</c>.</summary>
    public const string UtcOffset = "utc-offset";

    private static readonly string[] s_dateTimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>What a format accepts, for messages.</summary>
    public static string Describe(string format) => format switch
    {
        DateTime => "a date and time as 'yyyy-MM-dd HH:mm:ss' (for example '2025-05-19 02:41:11') or ISO 8601",
        TimeZone => "an IANA time zone name such as 'US/Pacific' or 'America/New_York', or 'UTC'",
        UtcOffset => "an offset from UTC in hours between -12 and +14, optionally with minutes (for example '-7', '+5:30' or '-07:00')",
        _ => $"the format '{format}'",
    };

    /// <summary>Whether <paramref name="value"/> is in <paramref name="format"/>.</summary>
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
        if (value.Length == 19 && IsPlainDateTime(value)) return true;
        return DateTimeOffset.TryParseExact(value, s_dateTimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out _);
    }

    private static bool IsPlainDateTime(ReadOnlySpan<char> s)
    {
        if (s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return false;
        if (!TryTwoOrFour(s[..4], out var year) || !TryTwoOrFour(s[5..7], out var month) || !TryTwoOrFour(s[8..10], out var day)
            || !TryTwoOrFour(s[11..13], out var hour) || !TryTwoOrFour(s[14..16], out var minute) || !TryTwoOrFour(s[17..19], out var second))
            return false;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= System.DateTime.DaysInMonth(year, month)
            && hour <= 23 && minute <= 59 && second <= 59;
    }

    private static bool TryTwoOrFour(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static bool IsTimeZone(string value)
    {
        // IANA names: one or more '/'-separated parts, each starting with a letter, of letters, digits, '_', '-', '+'.
        if (value.Length is 0 or > 64) return false;
        var rest = value.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var part = slash >= 0 ? rest[..slash] : rest;
            if (part.Length == 0 || !char.IsAsciiLetter(part[0])) return false;
            foreach (var c in part)
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '+')) return false;
            if (slash < 0) break;
            rest = rest[(slash + 1)..];
        }
        // A lone lower-case word ("pacific") is not a zone; the single-part names are upper-case (UTC, GMT, EST5EDT).
        return value.Contains('/') || char.IsAsciiLetterUpper(value[0]);
    }

    private static bool IsUtcOffset(string value)
    {
        var s = value.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        var colon = s.IndexOf(':');
        var hoursText = colon >= 0 ? s[..colon] : s;
        if (hoursText.Length is 0 or > 2 || !IsDigits(hoursText)) return false;
        var hours = int.Parse(hoursText, CultureInfo.InvariantCulture);
        var minutes = 0;
        if (colon >= 0)
        {
            var minutesText = s[(colon + 1)..];
            if (minutesText.Length != 2 || !IsDigits(minutesText)) return false;
            minutes = int.Parse(minutesText, CultureInfo.InvariantCulture);
            if (minutes is not (0 or 30 or 45)) return false;
        }
        var total = (negative ? -1 : 1) * (hours * 60 + minutes);
        return total is >= -12 * 60 and <= 14 * 60;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
