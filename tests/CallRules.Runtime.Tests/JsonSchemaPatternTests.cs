using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CallRules.Runtime;
using CallRules.Runtime.Documentation;
using CallRules.Runtime.Validation;
using Xunit;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The editor JSON Schema's patterns (<see cref="JsonSchemaPatterns"/>, <see cref="ValueFormats.JsonSchemaPattern"/>)
/// against the C# checks they stand for, over generated values: a pattern and its check must give every value the
/// same answer (issue 10, row 8).
/// </summary>
public sealed class JsonSchemaPatternTests
{
    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(5));

    [Fact]
    public void Integer_string_pattern_accepts_what_the_reader_reads_within_the_range()
    {
        var random = new Random(7);
        long[] edges = [long.MinValue, long.MinValue + 1, -100_000, -10, -1, 0, 1, 9, 10, 99, 100, 12_345, 100_000, long.MaxValue - 1, long.MaxValue];
        for (var round = 0; round < 300; round++)
        {
            var a = round < edges.Length * 2 ? edges[round % edges.Length] : NextLong(random);
            var b = round < edges.Length ? edges[(round * 7 + 3) % edges.Length] : NextLong(random);
            var (min, max) = a <= b ? (a, b) : (b, a);
            var pattern = JsonSchemaPatterns.IntegerString(min, max);
            foreach (var text in Candidates(random, min, max))
            {
                var expected = IsDigitString(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    && n >= min && n <= max;
                Assert.True(expected == Matches(pattern, text), $"'{text}' in [{min}, {max}]: check {expected}, pattern {!expected}: {pattern}");
            }
        }
    }

    private static bool IsDigitString(string text)
    {
        var digits = text.StartsWith('-') ? text[1..] : text;
        return digits.Length > 0 && digits.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static long NextLong(Random random) => random.Next(4) switch
    {
        0 => random.NextInt64(-1000, 1000),
        1 => random.NextInt64(-10_000_000, 10_000_000),
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };

    private static IEnumerable<string> Candidates(Random random, long min, long max)
    {
        var values = new List<decimal> { min, max, (decimal)min - 1, (decimal)max + 1, 0, 1, -1, (min / 2) + (max / 2) };
        for (var i = 0; i < 20; i++) values.Add(random.NextInt64(long.MinValue, long.MaxValue) / (decimal)Math.Pow(10, random.Next(19)));
        foreach (var value in values)
        {
            var text = decimal.Truncate(value).ToString(CultureInfo.InvariantCulture);
            yield return text;
            yield return text.StartsWith('-') ? "-00" + text[1..] : "00" + text;
            yield return "+" + text;
            yield return text + ".0";
        }
        yield return "-0";
        yield return "5\n";
        yield return "-";
        yield return "";
        yield return "99999999999999999999";
        yield return "-99999999999999999999";
    }

    [Theory]
    [InlineData(ValueFormats.DateTime)]
    [InlineData(ValueFormats.TimeZone)]
    [InlineData(ValueFormats.UtcOffset)]
    public void Format_pattern_accepts_what_the_format_check_accepts(string format)
    {
        var pattern = ValueFormats.JsonSchemaPattern(format);
        var random = new Random(11);
        var count = 0;
        foreach (var value in FormatCandidates(format, random))
        {
            count++;
            var expected = ValueFormats.IsValid(format, value);
            Assert.True(expected == Matches(pattern, value), $"{format} '{value}': check {expected}, pattern {!expected}");
        }
        Assert.True(count > 1000);
    }

    private static IEnumerable<string> FormatCandidates(string format, Random random)
    {
        switch (format)
        {
            case ValueFormats.DateTime:
                // Every day of leap and common years around century rules, with each separator and suffix.
                foreach (var year in new[] { 1, 4, 100, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 9999 })
                    for (var month = 0; month <= 13; month++)
                        for (var day = 27; day <= 32; day++)
                            yield return $"{year:D4}-{month:D2}-{day:D2} 12:00:00";
                string[] suffixes = ["", "Z", "z", ".5", ".1234567", ".12345678", ".", "+02:00", "+0200", "+14:00", "+14:01", "-13:59", "+2:00", "+02:60", "+24:00", "-00:00", " "];
                foreach (var suffix in suffixes)
                    foreach (var time in new[] { "00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "2:41:11" })
                    {
                        yield return "2025-05-19T" + time + suffix;
                        yield return "2025-05-19 " + time + suffix;
                        yield return "2025-05-19t" + time + suffix;
                    }
                yield return "0000-01-01 00:00:00";
                yield return "19/05/2025 02:41";
                yield return "";
                for (var i = 0; i < 500; i++)
                    yield return Mutate(random, "2025-05-19T02:41:11.5+02:00");
                break;
            case ValueFormats.TimeZone:
                string[] zones = ["UTC", "US/Pacific", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "EST5EDT", "pacific", "us/pacific", "US//Pacific", "/UTC", "US/", "US/Pac ific", "9/x", "A/9", "a", "A", "", "Ö/x"];
                foreach (var zone in zones) yield return zone;
                for (var n = 60; n <= 70; n++)
                {
                    yield return new string('A', n);
                    yield return "A/" + new string('b', n - 2);
                }
                for (var i = 0; i < 1500; i++)
                    yield return Mutate(random, zones[random.Next(zones.Length)]);
                break;
            default:
                for (var h = -16; h <= 16; h++)
                    foreach (var m in new[] { "", ":00", ":15", ":30", ":45", ":59", ":60", ":5", ":000" })
                    {
                        var hours = h.ToString(CultureInfo.InvariantCulture);
                        yield return hours + m;
                        yield return (h >= 0 ? "+" : "-") + Math.Abs(h).ToString("D2", CultureInfo.InvariantCulture) + m;
                        yield return (h >= 0 ? "+" : "") + hours + m;
                    }
                foreach (var odd in new[] { "+", "", "-", "+-5", "--5", "-0", "+0", "00", "000", "1:00:00", " 5", "5 " })
                    yield return odd;
                for (var i = 0; i < 1000; i++)
                    yield return Mutate(random, "+05:30");
                break;
        }
    }

    private static string Mutate(Random random, string value)
    {
        const string alphabet = "0123456789:+-TZ. /_aAzé";
        var text = new StringBuilder(value);
        for (var edits = random.Next(1, 3); edits > 0; edits--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(3))
            {
                case 0 when at < text.Length: text.Remove(at, 1); break;
                case 1 when at < text.Length: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                default: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
            }
        }
        return text.ToString();
    }

    [Fact]
    public void Line_safe_length_and_key_patterns_agree_with_their_checks()
    {
        var random = new Random(3);
        int[] interesting = [0x0, 0x9, 0xA, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x85, 0x9F, 0xA0, 0xAD, 0xE9, 0x301, 0x200B, 0x200D, 0x2028, 0x202E, 0x3000, 0xFEFF, 0xFFFF, 0x1F600, 0xE0001, 0x1BCA0, 0x1D173, 0x10FFFF];
        for (var i = 0; i < 5000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(0, 6); n > 0; n--)
            {
                var pick = random.Next(10);
                if (pick < 4) text.Append((char)random.Next(0x20, 0x7F));
                else if (pick < 8) text.Append(char.ConvertFromUtf32(interesting[random.Next(interesting.Length)]));
                else if (pick == 8) text.Append((char)random.Next(0xD800, 0xE000)); // an unpaired surrogate, usually
                else text.Append(char.ConvertFromUtf32(random.Next(0x80, 0x30000) is var c && c is >= 0xD800 and < 0xE000 ? 0x41 : c));
            }
            var value = text.ToString();
            var lineSafe = CallRuleFormat.CallRuleText.IndexOfForbidden(value) < 0;
            Assert.True(lineSafe == Matches(JsonSchemaPatterns.LineSafe, value), $"line-safe '{Escape(value)}'");
            if (!lineSafe) continue;
            var keyErrors = new List<DefinitionError>();
            KeyText.Check(keyErrors, null, 0, new Schema.FieldInfo { Name = "k", Property = "K", Kind = Schema.FieldKind.String }, value);
            Assert.True((keyErrors.Count == 0) == Matches(JsonSchemaPatterns.KeyText, value), $"key '{Escape(value)}': {string.Join(" ", keyErrors)}");
            var length = TextLength.Of(value);
            var min = random.Next(0, 4);
            var max = min + random.Next(0, 4);
            Assert.True((length >= min && length <= max) == Matches(JsonSchemaPatterns.Length(min, max), value), $"length {min}-{max} '{Escape(value)}'");
        }
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value) text.Append(c < 0x7F && c >= 0x20 ? c.ToString() : $"\\u{(int)c:X4}");
        return text.ToString();
    }
}
