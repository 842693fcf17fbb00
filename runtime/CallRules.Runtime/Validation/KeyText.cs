using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Validation;

/// <summary>
/// What a key value (a value of a field named in the schema's <c>key</c>) may not hold besides what no call-rule value
/// may hold (<see cref="CallRuleText"/>): characters that make two different keys look the same, so that a reader of
/// the call rules or of a message cannot tell sections apart. Those are
/// <list type="bullet">
/// <item>a value of only white space;</item>
/// <item>a space at the start or the end;</item>
/// <item>the look-alike characters: Unicode's default-ignorable code points (invisible when a font has no glyph for
/// them: zero-width space, joiner and non-joiner, soft hyphen, the bidirectional marks, embeddings, overrides and
/// isolates, the byte-order mark, word joiner, variation selectors, tag characters, Hangul fillers…) and every white
/// space other than the ASCII space (no-break space, en and em spaces, ideographic space…).</item>
/// </list>
/// The set is fixed here (from Unicode's DerivedCoreProperties and PropList), not taken from the running .NET's Unicode
/// tables, so a key is valid or not on every machine alike; <see cref="Documentation.DefinitionJsonSchemaWriter"/> writes the same
/// set as a pattern for editors.
/// </summary>
public static class KeyText
{
    /// <summary>
    /// The look-alike code points, as inclusive ranges in ascending order. Characters no call-rule value may hold
    /// (tab, line breaks, U+0085, U+2028, U+2029) are left out: CR1012 reports them in every field.
    /// </summary>
    public static IReadOnlyList<(int First, int Last)> LookAlikeRanges { get; } =
    [
        (0x00A0, 0x00A0), // no-break space
        (0x00AD, 0x00AD), // soft hyphen
        (0x034F, 0x034F), // combining grapheme joiner
        (0x061C, 0x061C), // Arabic letter mark
        (0x115F, 0x1160), // Hangul fillers
        (0x1680, 0x1680), // Ogham space mark
        (0x17B4, 0x17B5), // Khmer inherent vowels
        (0x180B, 0x180F), // Mongolian variation selectors and vowel separator
        (0x2000, 0x200F), // en quad … hair space, zero-width space/non-joiner/joiner, left-to-right and right-to-left marks
        (0x202A, 0x202F), // bidirectional embeddings and overrides, narrow no-break space
        (0x205F, 0x206F), // medium mathematical space, word joiner, invisible operators, bidirectional isolates, deprecated format characters
        (0x3000, 0x3000), // ideographic space
        (0x3164, 0x3164), // Hangul filler
        (0xFE00, 0xFE0F), // variation selectors
        (0xFEFF, 0xFEFF), // zero-width no-break space (byte-order mark)
        (0xFFA0, 0xFFA0), // halfwidth Hangul filler
        (0xFFF0, 0xFFF8), // reserved default-ignorable
        (0x1BCA0, 0x1BCA3), // shorthand format controls
        (0x1D173, 0x1D17A), // musical symbol format controls
        (0xE0000, 0xE0FFF), // tags, variation selectors supplement
    ];

    // Every look-alike in the BMP, and the surrogates, whose pairs need a look at the code point.
    private static readonly SearchValues<char> s_candidates = SearchValues.Create(BuildCandidates());

    private static string BuildCandidates()
    {
        var chars = new StringBuilder();
        foreach (var (first, last) in LookAlikeRanges)
            for (var c = first; c <= last && c <= 0xFFFF; c++) chars.Append((char)c);
        for (var c = 0xD800; c <= 0xDFFF; c++) chars.Append((char)c);
        return chars.ToString();
    }

    /// <summary>Whether <paramref name="codePoint"/> is a look-alike character (see <see cref="LookAlikeRanges"/>).</summary>
    public static bool IsLookAlike(int codePoint)
    {
        foreach (var (first, last) in LookAlikeRanges)
        {
            if (codePoint < first) return false;
            if (codePoint <= last) return true;
        }
        return false;
    }

    /// <summary>The index (in UTF-16 code units) of the first look-alike character in <paramref name="value"/>, or -1.</summary>
    public static int IndexOfLookAlike(ReadOnlySpan<char> value)
    {
        var start = value.IndexOfAny(s_candidates);
        if (start < 0) return -1;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                if (IsLookAlike(char.ConvertToUtf32(c, value[i + 1]))) return i;
                i++;
                continue;
            }
            if (!char.IsSurrogate(c) && IsLookAlike(c)) return i;
        }
        return -1;
    }

    /// <summary>
    /// Checks a key field's value and adds one <see cref="ErrorCodes.KeyLookAlike"/> error to <paramref name="errors"/>
    /// when it is only white space, holds a look-alike character, or starts or ends with a space. Generated validators
    /// call it for the schema's key fields, after the line-safety check has passed.
    /// </summary>
    public static void Check(ICollection<DefinitionError> errors, DefinitionSource? source, int index, FieldInfo field, string value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        // The common case, plain ASCII with no space at either end, costs one vectorised scan.
        if (value.Length == 0 || (value[0] != ' ' && value[^1] != ' ' && Ascii.IsValid(value))) return;
        if (IsOnlyWhiteSpace(value))
        {
            errors.Add(FieldErrors.KeyOnlyWhiteSpace(source, index, field));
            return;
        }
        var at = IndexOfLookAlike(value);
        if (at >= 0)
        {
            errors.Add(FieldErrors.KeyLookAlike(source, index, field, value, at));
            return;
        }
        if (value[0] == ' ' || value[^1] == ' ')
            errors.Add(FieldErrors.KeyEdgeSpace(source, index, field, value, atStart: value[0] == ' '));
    }

    private static bool IsOnlyWhiteSpace(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ' ') continue;
            if (char.IsSurrogate(c) || !IsLookAlike(c) || !IsWhiteSpace(c)) return false;
        }
        return true;
    }

    // White space (Unicode's White_Space) among the look-alikes; the rest of White_Space is ' ' or forbidden anyway.
    private static bool IsWhiteSpace(char c) =>
        c is '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000';
}
