using System;

namespace CallRules.Runtime.CallRuleFormat;

/// <summary>
/// Which characters a call-rule value may hold. A value is written as it is, unescaped, so the characters
/// that could end a line in any reader are forbidden: C0 controls (including TAB, CR, LF, NUL), DEL, C1 controls
/// (including NEL, U+0085), LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029), and unpaired surrogates
/// (which have no UTF-8 form). Everything else, <c>[ ] = # ;</c> and non-ASCII included, is written verbatim.
/// </summary>
public static class CallRuleText
{
    // Both scans skip printable ASCII (U+0020-U+007E), nearly every value, with one vectorised range search, and look
    // only at what stops it. (A SearchValues of every forbidden character cost about 300 instructions per short value,
    // the writer's guard alone 0.47 of the read floor in a compile: issue 14.)

    /// <summary>The index of the first forbidden character in <paramref name="value"/>, or -1.</summary>
    public static int IndexOfForbidden(ReadOnlySpan<char> value)
    {
        var start = value.IndexOfAnyExceptInRange(' ', '~');
        if (start < 0) return -1;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (c < '\u0020' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029')
                return i;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
                return i;
            }
            if (char.IsLowSurrogate(c))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// The byte index of the first forbidden character in well-formed UTF-8 <paramref name="utf8"/>, or -1: the same
    /// characters as <see cref="IndexOfForbidden"/> (well-formed UTF-8 holds no unpaired surrogate). In UTF-8 they are
    /// the C0 controls and DEL (single bytes), the C1 controls (C2 80-C2 9F) and U+2028/U+2029 (E2 80 A8/A9).
    /// </summary>
    public static int IndexOfForbiddenUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (true)
        {
            var found = utf8[offset..].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            if (found < 0) return -1;
            var at = offset + found;
            var b = utf8[at];
            if (b < 0x80) return at;
            if (b == 0xC2 && at + 1 < utf8.Length && utf8[at + 1] is >= 0x80 and <= 0x9F) return at;
            if (b == 0xE2 && at + 2 < utf8.Length && utf8[at + 1] == 0x80 && utf8[at + 2] is 0xA8 or 0xA9) return at;
            offset = at + 1;
        }
    }

    /// <summary>How a forbidden character is named in messages: <c>U+000A (line feed)</c> (see <see cref="MessageText.Describe"/>).</summary>
    public static string Describe(char c) => MessageText.Describe(c);

    /// <summary>Whether <paramref name="key"/> is a valid call-rule key: an ASCII letter, then ASCII letters and digits.</summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || !char.IsAsciiLetter(key[0])) return false;
        foreach (var c in key)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }
}
