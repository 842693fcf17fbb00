using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Documentation;

/// <summary>
/// The run-time rules that JSON Schema has no keyword for, written as <c>pattern</c>s for the editor JSON Schema
/// (<see cref="DefinitionJsonSchemaWriter"/>), each built from the data its C# check uses, so the two cannot drift:
/// the characters no call-rule value may hold (<see cref="CallRuleText"/>), the look-alike rules of key values
/// (<see cref="KeyText"/>), lengths in code points (<see cref="TextLength"/>), and the range of an integer written as a
/// string of digits. A differential test holds the editor schema and the CLI to the same answers.
/// </summary>
/// <remarks>
/// The patterns use the part of ECMA-262 and .NET regular expressions that both read alike (no <c>\A</c>, <c>\z</c>,
/// <c>\p{…}</c> or <c>\u{…}</c>). Characters beyond U+FFFF are matched as UTF-16 surrogate pairs, which is how .NET
/// validators (and JavaScript ones without the <c>u</c> flag) see them.
/// </remarks>
public static class JsonSchemaPatterns
{
    /// <summary>
    /// The end of the string, in both dialects. <c>$</c> is not: in .NET (and so in .NET JSON Schema validators) it
    /// also matches before a final line feed, so <c>^[0-9]+$</c> accepts <c>"5\n"</c>. Patterns that string fields
    /// share may use <c>$</c>, because every string field must also match <see cref="LineSafe"/>, which ends with this.
    /// </summary>
    private const string End = @"(?![\s\S])";

    /// <summary>A string without a character that could end or corrupt a call-rule line (error CR1012).</summary>
    public static string LineSafe { get; } =
        @"^(?:[^\u0000-\u001F\u007F-\u009F\u2028\u2029\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*" + End;

    /// <summary>A key value that does not start or end with a space and holds no look-alike character (error CR1014).</summary>
    public static string KeyText { get; } = BuildKeyText();

    /// <summary>A key value other than the last one without the section-name separator (error CR1013).</summary>
    public static string NoKeySeparator { get; } = "^[^" + Escape(DefinitionKey.Separator) + "]*$";

    /// <summary>
    /// A string of at least <paramref name="min"/> and at most <paramref name="max"/> code points (a surrogate pair
    /// counts once). An unpaired high surrogate does not match; <see cref="LineSafe"/> refuses it anyway.
    /// </summary>
    public static string Length(int? min, int? max)
    {
        var low = (min ?? 0).ToString(CultureInfo.InvariantCulture);
        var high = max?.ToString(CultureInfo.InvariantCulture) ?? "";
        // The two alternatives never match at one place (a pair, or anything but a high surrogate), so matching is linear.
        return @"^(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\uD800-\uDBFF]){" + low + "," + high + "}$";
    }

    /// <summary>
    /// A string the reader takes as a whole number (an optional minus sign and digits, leading zeros allowed, <c>"-0"</c>
    /// is 0) whose value is between <paramref name="min"/> and <paramref name="max"/>.
    /// </summary>
    public static string IntegerString(long min, long max)
    {
        if (min > max) throw new ArgumentException("The range is empty.", nameof(min));
        var alternatives = new List<string>();
        if (max >= 0)
            alternatives.Add("0*(?:" + Canonical((ulong)Math.Max(min, 0), (ulong)max) + ")");
        if (min < 0)
        {
            // Magnitudes of the negative part; long.MinValue's does not fit a long.
            var high = min == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)(-min);
            var low = max >= 0 ? 1UL : (ulong)(-max);
            alternatives.Add("-0*(?:" + Canonical(low, high) + ")");
        }
        if (min <= 0 && max >= 0)
            alternatives.Add("-0+");
        return "^(?:" + string.Join("|", alternatives) + ")" + End; // a string of digits is not line-safe-checked
    }

    /// <summary>Numbers from <paramref name="low"/> to <paramref name="high"/> written without leading zeros.</summary>
    private static string Canonical(ulong low, ulong high)
    {
        var parts = new List<string>();
        var digits = low.ToString(CultureInfo.InvariantCulture).Length;
        var lastDigits = high.ToString(CultureInfo.InvariantCulture).Length;
        for (; digits <= lastDigits; digits++)
        {
            var from = Math.Max(low, digits == 1 ? 0UL : Pow10(digits - 1));
            var to = Math.Min(high, digits == 20 ? ulong.MaxValue : Pow10(digits) - 1);
            if (from > to) continue;
            parts.Add(SameWidth(from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture)));
        }
        return string.Join("|", parts);
    }

    /// <summary>Digit strings of one width from <paramref name="low"/> to <paramref name="high"/>, as an expression.</summary>
    private static string SameWidth(string low, string high)
    {
        if (low == high) return low;
        if (low.Length == 1) return $"[{low}-{high}]";
        if (low[0] == high[0]) return low[0] + Group(SameWidth(low.Substring(1), high.Substring(1)));
        var rest = low.Length - 1;
        var zeros = new string('0', rest);
        var nines = new string('9', rest);
        if (low.Substring(1) == zeros && high.Substring(1) == nines)
            return $"[{low[0]}-{high[0]}][0-9]{{{rest}}}";
        var parts = new List<string> { low[0] + Group(SameWidth(low.Substring(1), nines)) };
        if (high[0] - low[0] > 1)
            parts.Add($"[{(char)(low[0] + 1)}-{(char)(high[0] - 1)}][0-9]{{{rest}}}");
        parts.Add(high[0] + Group(SameWidth(zeros, high.Substring(1))));
        return string.Join("|", parts);
    }

    private static string Group(string expression) => expression.Contains('|') ? "(?:" + expression + ")" : expression;

    private static ulong Pow10(int exponent)
    {
        ulong value = 1;
        for (var i = 0; i < exponent; i++) value *= 10;
        return value;
    }

    private static string BuildKeyText()
    {
        // The BMP look-alikes in one class; those beyond it as surrogate pairs.
        var bmp = new StringBuilder();
        var astral = new List<string>();
        foreach (var (first, last) in Validation.KeyText.LookAlikeRanges)
        {
            if (last <= 0xFFFF)
            {
                bmp.Append(Escape(first));
                if (last != first) bmp.Append('-').Append(Escape(last));
                continue;
            }
            astral.Add(AstralRange(first, last));
        }
        var lookAlikeAstral = string.Join("|", astral);
        // No space first or last; then only characters that are neither look-alikes nor unpaired surrogates.
        return @"^(?! |[\s\S]* $)(?:[^" + bmp + @"\uD800-\uDFFF]|(?!" + lookAlikeAstral + @")[\uD800-\uDBFF][\uDC00-\uDFFF])*$";
    }

    /// <summary>The code points <paramref name="first"/> to <paramref name="last"/> (beyond the BMP) as surrogate pairs.</summary>
    private static string AstralRange(int first, int last)
    {
        var parts = new List<string>();
        var high = char.ConvertFromUtf32(first)[0];
        var lastHigh = char.ConvertFromUtf32(last)[0];
        for (var h = high; h <= lastHigh; h++)
        {
            var lowFrom = h == high ? char.ConvertFromUtf32(first)[1] : '\uDC00';
            var lowTo = h == lastHigh ? char.ConvertFromUtf32(last)[1] : '\uDFFF';
            parts.Add(Escape(h) + "[" + Escape(lowFrom) + "-" + Escape(lowTo) + "]");
        }
        return string.Join("|", parts);
    }

    private static string Escape(int c) => @"\u" + c.ToString("X4", CultureInfo.InvariantCulture);
}
