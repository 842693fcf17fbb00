using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Tests.TestDoubles;
using CallRules.Runtime.Validation;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The property behind "no value can break out of its line or its section": for any string, either the validator
/// rejects it with CR1012 (a character no call-rule line can hold; in a key field also CR1014, a character that makes
/// keys look alike), or the compiled text reads back to exactly the rules that were meant. Seeded, so a failure repeats.
/// </summary>
public class InjectionPropertyTests
{
    private static readonly string[] s_pieces =
    [
        "\r", "\n", "\r\n", "\0", "[", "]", "=", "#", ";", " ", "\t", "\u0085", "\u2028", "\u2029", "\u007F", "\u009B",
        "\uD800", "\uDC00", "😀", "é", "中", "ß", "\uFEFF", "\"", "\\", "/", "*", "@", "a", "Z", "0", "[x]", "K=v", "# c",
        "\u200B", "\uFFFD", "\uFFFF",
    ];

    // s_pieces no call-rule line forbids: half the values are drawn from these alone, so accepted values are common too.
    private static readonly string[] s_lineSafePieces = s_pieces.Where(p => CallRuleText.IndexOfForbidden(p) < 0).ToArray();

    private static string RandomValue(Random random)
    {
        var pieces = random.Next(2) == 0 ? s_lineSafePieces : s_pieces;
        var length = random.Next(10) == 0 ? random.Next(1_000, 20_000) : random.Next(0, 12);
        var text = new StringBuilder();
        while (text.Length < length) text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    private static string JsonString(string value)
    {
        // Escapes everything outside printable ASCII, so lone surrogates and controls reach the reader as \uXXXX.
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < ' ' || c > '~') json.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }

    // What the key check of generated validators says of a key value (KeyText has its own tests).
    private static bool IsLookAlikeKey(string value)
    {
        var errors = new List<DefinitionError>();
        KeyText.Check(errors, null, 0, TestTrunk.Schema.Fields[0], value);
        return errors.Count > 0;
    }

    [Fact]
    public void Any_value_is_either_rejected_with_CR1012_or_read_back_exactly()
    {
        var random = new Random(20261126);
        var rejected = 0;
        var accepted = 0;
        for (var i = 0; i < 1500; i++)
        {
            var zone = RandomValue(random).Replace("/", "", StringComparison.Ordinal);
            if (zone.Length > 64) zone = zone[..64];
            var pattern = RandomValue(random);
            var note = RandomValue(random);
            var json = $"{{\"zone\": {JsonString(zone)}, \"pattern\": {JsonString(pattern)}, \"note\": {JsonString(note)}}}";
            using var result = Compile(File("p.json", json));

            var forbidden = new[] { zone, pattern, note }.Any(v => CallRuleText.IndexOfForbidden(v) >= 0);
            var tooLong = zone.Length > 64;
            var empty = zone.Length == 0 || pattern.Length == 0;
            var lookAlike = new[] { zone, pattern }.Any(v => CallRuleText.IndexOfForbidden(v) < 0 && IsLookAlikeKey(v));
            if (forbidden || empty || tooLong || lookAlike)
            {
                Assert.False(result.Succeeded);
                if (forbidden) Assert.Contains(result.Errors, e => e.Code == "CR1012");
                if (lookAlike) Assert.Contains(result.Errors, e => e.Code == "CR1014");
                Assert.All(result.Errors, e => Assert.True(e.Code is "CR1012" or "CR1014" or "CR1004" or "CR1005", e.ToString()));
                rejected++;
                continue;
            }
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            var document = CallRuleDocument.Parse(result.Rules!.ToArray());
            var section = Assert.Single(document.Sections);
            Assert.Equal(zone + "/" + pattern, section.Name);
            var expected = new[] { ("Zone", zone), ("Match", pattern), ("Transport", "udp") }.ToList();
            if (note.Length > 0 || json.Contains("\"note\": \"\"")) expected.Add(("Note", note));
            Assert.Equal(expected, section.Rules.Select(r => (r.Key, r.Value)));
            accepted++;
        }
        // Both outcomes must really be exercised, or the property proves nothing.
        Assert.True(rejected > 100 && accepted > 50, $"rejected {rejected}, accepted {accepted}");
    }
}
