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

    /// <summary>Whether <paramref name="format"/> is one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string format) => format is DateTime or TimeZone or UtcOffset;

    /// <summary>What a format accepts, for messages.</summary>
    public static string Describe(string format) => format switch
    {
        DateTime => "a date and time as 'yyyy-MM-dd HH:mm:ss' (for example '2025-05-19 02:41:11') or ISO 8601 ('2025-05-19T02:41:11', optionally with a fraction of up to 7 digits and 'Z' or an offset such as '+02:00')",
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

    // date-time, exactly: yyyy-MM-dd HH:mm:ss, or yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|(+|-)hh[:]mm] with the offset at most
    // 14:00; a date from 0001-01-01 to 9999-12-31 that exists (leap years by the Gregorian rule), a time of day
    // 00:00:00-23:59:59. The same on every machine: no culture, no framework parser and its leniencies.
    private static bool IsDateTime(string value)
    {
        if (value.Length < 19 || !IsDate(value) || !IsTime(value, 11)) return false;
        if (value[10] == ' ') return value.Length == 19;
        if (value[10] != 'T') return false;
        var at = 19;
        if (at < value.Length && value[at] == '.')
        {
            var digits = 0;
            while (++at < value.Length && IsDigit(value[at])) digits++;
            if (digits is 0 or > 7) return false;
        }
        if (at == value.Length) return true;
        if (value[at] == 'Z') return at + 1 == value.Length;
        if (value[at] != '+' && value[at] != '-') return false;
        var offset = value.Substring(at + 1);
        int hours, minutes;
        if (offset.Length == 5 && offset[2] == ':')
        {
            if (!TryDigits(offset.AsSpan(0, 2), out hours) || !TryDigits(offset.AsSpan(3, 2), out minutes)) return false;
        }
        else if (offset.Length == 4)
        {
            if (!TryDigits(offset.AsSpan(0, 2), out hours) || !TryDigits(offset.AsSpan(2, 2), out minutes)) return false;
        }
        else return false;
        return minutes <= 59 && hours * 60 + minutes <= 14 * 60;
    }

    private static bool IsDate(string s)
    {
        if (s[4] != '-' || s[7] != '-') return false;
        if (!TryDigits(s.AsSpan(0, 4), out var year) || !TryDigits(s.AsSpan(5, 2), out var month) || !TryDigits(s.AsSpan(8, 2), out var day))
            return false;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= System.DateTime.DaysInMonth(year, month);
    }

    private static bool IsTime(string s, int at)
    {
        if (s[at + 2] != ':' || s[at + 5] != ':') return false;
        return TryDigits(s.AsSpan(at, 2), out var hour) && TryDigits(s.AsSpan(at + 3, 2), out var minute) && TryDigits(s.AsSpan(at + 6, 2), out var second)
            && hour <= 23 && minute <= 59 && second <= 59;
    }

    /// <summary>
    /// The same rule as <see cref="IsValid"/> for <paramref name="format"/>, as a JSON Schema <c>pattern</c> (anchored;
    /// written in the part of ECMA-262 and .NET expressions that both read alike), for the editor JSON Schema. A
    /// differential test holds each pattern to its check over generated values.
    /// </summary>
    public static string JsonSchemaPattern(string format) => format switch
    {
        DateTime => "^" + DatePattern + "(?: " + TimePattern + "|T" + TimePattern + @"(?:\.[0-9]{1,7})?(?:Z|[+-](?:(?:0[0-9]|1[0-3]):?[0-5][0-9]|14:?00))?)$",
        TimeZone => "^(?=[\\s\\S]{1," + MaxTimeZoneLength.ToString(CultureInfo.InvariantCulture) + "}$)" +
                    "(?:[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z][A-Za-z0-9_+-]*)+|[A-Z][A-Za-z0-9_+-]*)$",
        UtcOffset => @"^(?:\+?(?:(?:[0-9]|0[0-9]|1[0-3])(?::(?:00|30|45))?|14(?::00)?)|-(?:(?:[0-9]|0[0-9]|1[01])(?::(?:00|30|45))?|12(?::00)?))$",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    // A date that exists: months of 31 and 30 days, February to the 28th, and the 29th in leap years (divisible by 4
    // and not by 100 unless by 400); the year 0000 is not one.
    private const string DatePattern =
        @"(?:(?!0000)[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))" +
        @"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29)";

    private const string TimePattern = @"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]";

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
