using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime;

/// <summary>
/// The one rule for showing text that came from outside (a value, a field name, a file path, an operating system's
/// message) inside a message: one message is one line, and what a terminal shows is what the text holds. Every
/// character that could end a line or drive a terminal (<see cref="CallRuleText"/>'s forbidden characters: control
/// characters, ESC included, DEL, C1 controls, U+2028, U+2029, unpaired surrogates) and every look-alike character
/// (<see cref="KeyText.LookAlikeRanges"/>: invisible, bidirectional-control and non-ASCII space characters) is written
/// as an escape: <c>\n</c>, <c>\r</c>, <c>\t</c>, else <c>\uXXXX</c>, or <c>\UXXXXXXXX</c> beyond the BMP. Everything
/// else, a backslash included, is shown as it is, so paths and patterns stay readable.
/// </summary>
/// <remarks>
/// <see cref="DefinitionError"/> applies it to every message and file it prints, and the CLI to every line it writes,
/// so no message can forge a second line or send an escape sequence, whatever a definition or a file name holds.
/// </remarks>
public static class MessageText
{
    private static readonly SearchValues<char> s_candidates = SearchValues.Create(BuildCandidates());

    private static string BuildCandidates()
    {
        var chars = new StringBuilder();
        for (var c = 0; c < 0x20; c++) chars.Append((char)c);
        for (var c = 0x7F; c <= 0x9F; c++) chars.Append((char)c);
        chars.Append('\u2028').Append('\u2029');
        foreach (var (first, last) in KeyText.LookAlikeRanges)
            for (var c = first; c <= last && c <= 0xFFFF; c++) chars.Append((char)c);
        for (var c = 0xD800; c <= 0xDFFF; c++) chars.Append((char)c);
        return chars.ToString();
    }

    /// <summary>Whether <paramref name="text"/> holds nothing <see cref="Escape"/> would change.</summary>
    public static bool IsPlain(ReadOnlySpan<char> text) => IndexOfEscaped(text) < 0;

    /// <summary><paramref name="text"/> with every character the rule escapes written as an escape; the same string when there is none.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfEscaped(text);
        if (first < 0) return text;
        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (KeyText.IsLookAlike(codePoint))
                    escaped.Append(CultureInfo.InvariantCulture, $"\\U{codePoint:X8}");
                else
                    escaped.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
                continue;
            }
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
            });
        }
        return escaped.ToString();
    }

    /// <summary>How one character is named in messages: <c>U+000A (line feed)</c>, <c>U+200D (zero-width joiner)</c>.</summary>
    public static string Describe(int codePoint)
    {
        var name = codePoint switch
        {
            '\n' => "line feed",
            '\r' => "carriage return",
            '\0' => "NUL",
            '\t' => "tab",
            0x1B => "escape",
            0x7F => "delete",
            0x85 => "next line",
            0xA0 => "no-break space",
            0xAD => "soft hyphen",
            0x2028 => "line separator",
            0x2029 => "paragraph separator",
            0x200B => "zero-width space",
            0x200C => "zero-width non-joiner",
            0x200D => "zero-width joiner",
            0x200E => "left-to-right mark",
            0x200F => "right-to-left mark",
            0x202A => "left-to-right embedding",
            0x202B => "right-to-left embedding",
            0x202C => "pop directional formatting",
            0x202D => "left-to-right override",
            0x202E => "right-to-left override",
            0x202F => "narrow no-break space",
            0x2060 => "word joiner",
            0x2066 => "left-to-right isolate",
            0x2067 => "right-to-left isolate",
            0x2068 => "first strong isolate",
            0x2069 => "pop directional isolate",
            0x3000 => "ideographic space",
            0xFEFF => "zero-width no-break space",
            ' ' => "space",
            >= 0x2000 and <= 0x200A => "space",
            >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF => "variation selector",
            >= 0xE0000 and <= 0xE007F => "tag",
            >= 0xD800 and <= 0xDFFF => "unpaired surrogate",
            _ => null,
        };
        var hex = codePoint.ToString(codePoint > 0xFFFF ? "X5" : "X4", CultureInfo.InvariantCulture);
        return name is null ? "U+" + hex : $"U+{hex} ({name})";
    }

    private static int IndexOfEscaped(ReadOnlySpan<char> text)
    {
        var start = text.IndexOfAny(s_candidates);
        if (start < 0) return -1;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (KeyText.IsLookAlike(char.ConvertToUtf32(c, text[i + 1]))) return i;
                i++;
                continue;
            }
            if (NeedsEscape(c)) return i;
        }
        return -1;
    }

    private static bool NeedsEscape(char c) =>
        c < '\u0020' || (c >= '\u007F' && c <= '\u009F') || c is '\u2028' or '\u2029' || char.IsSurrogate(c) || KeyText.IsLookAlike(c);
}
