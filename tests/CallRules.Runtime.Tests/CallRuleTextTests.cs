using System;
using System.Text;
using CallRules.Runtime.CallRuleFormat;

namespace CallRules.Runtime.Tests;

public class CallRuleTextTests
{
    // Characters on both sides of every forbidden range, and the multi-byte neighbours of the ones found by lead byte.
    private static readonly char[] s_alphabet =
    [
        'a', 'Z', '0', ' ', '=', '[', ']', '#', ';', '~', '\u0000', '\t', '\n', '\r', '\u001F', '\u007F', '\u0080',
        '\u0085', '\u009F', '\u00A0', '\u00E9', '\u0100', '\u2027', '\u2028', '\u2029', '\u202A', '\u20AC', '\uFFFD',
    ];

    [Fact]
    public void Utf8_scan_finds_a_forbidden_character_exactly_when_the_text_scan_does()
    {
        var random = new Random(20261126);
        for (var run = 0; run < 5000; run++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 12);
            for (var i = 0; i < length; i++)
            {
                if (random.Next(10) == 0) text.Append("\U0001F600"); // a surrogate pair: allowed
                else text.Append(s_alphabet[random.Next(s_alphabet.Length)]);
            }
            var value = text.ToString();
            var bytes = Encoding.UTF8.GetBytes(value);

            var inText = CallRuleText.IndexOfForbidden(value);
            var inBytes = CallRuleText.IndexOfForbiddenUtf8(bytes);

            Assert.True((inText >= 0) == (inBytes >= 0), $"text scan {inText}, byte scan {inBytes} for {Escape(value)}");
            if (inText >= 0)
                Assert.Equal(Encoding.UTF8.GetByteCount(value.AsSpan(0, inText)), inBytes);
        }
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void Both_scans_find_the_first_character_the_definition_forbids_in_random_text()
    {
        // The definition, one character at a time: C0, DEL, C1, U+2028, U+2029, and a surrogate without its pair.
        static int Reference(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c < 0x20 || c is >= '\u007F' and <= '\u009F' or '\u2028' or '\u2029') return i;
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
                if (char.IsSurrogate(c)) return i;
            }
            return -1;
        }
        var random = new Random(20261202);
        for (var run = 0; run < 20000; run++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 80);
            // Mostly printable ASCII, as values are, so runs of it of every length meet the vectorised skip.
            var ascii = random.Next(4) == 0 ? 3 : 30;
            for (var i = 0; i < length; i++)
            {
                var pick = random.Next(ascii + 3);
                if (pick < ascii) text.Append((char)random.Next(0x20, 0x7F));
                else if (pick == ascii) text.Append("\U0001F600");
                else if (pick == ascii + 1) text.Append(random.Next(2) == 0 ? '\uD83D' : '\uDE00'); // unpaired, mostly
                else text.Append(s_alphabet[random.Next(s_alphabet.Length)]);
            }
            var value = text.ToString();
            var expected = Reference(value);
            Assert.True(expected == CallRuleText.IndexOfForbidden(value), $"text scan for {Escape(value)}");
            byte[] bytes;
            try
            {
                bytes = s_strictUtf8.GetBytes(value);
            }
            catch (EncoderFallbackException)
            {
                continue; // an unpaired surrogate has no UTF-8 form: only the text scan meets it
            }
            var inBytes = CallRuleText.IndexOfForbiddenUtf8(bytes);
            Assert.True((expected < 0 ? -1 : Encoding.UTF8.GetByteCount(value.AsSpan(0, expected))) == inBytes, $"byte scan for {Escape(value)}");
        }
    }

    [Theory]
    [InlineData("\u0085", 0)]
    [InlineData("é\u2028", 2)]
    [InlineData("x\u2029", 1)]
    [InlineData("\u00A0\u2027\u202A€", -1)]
    public void Utf8_scan_tells_multi_byte_controls_and_separators_from_their_neighbours(string value, int expected)
    {
        Assert.Equal(expected, CallRuleText.IndexOfForbiddenUtf8(Encoding.UTF8.GetBytes(value)));
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value) text.Append(c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString());
        return text.ToString();
    }
}
