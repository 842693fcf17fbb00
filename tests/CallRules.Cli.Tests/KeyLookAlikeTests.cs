using System.IO;

namespace CallRules.Cli.Tests;

/// <summary>
/// Issue 10, row 9: key values that would look the same as others, or empty, are rejected (CR1014), and the message
/// shows the character escaped. Which fields are key fields comes from the schema.
/// </summary>
public class KeyLookAlikeTests
{
    [Fact]
    public void Key_values_with_invisible_bidi_or_edge_space_characters_are_rejected_and_shown_escaped()
    {
        var folder = Cli.TempFolder();
        // JSON escapes, so the file itself is plain ASCII; the reader turns them into the characters.
        File.WriteAllText(Path.Join(folder, "keys.json"), """
            [
              { "domain": "example.com", "connection-orig-match-pattern": "   " },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.1\u200D" },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@\u202E1.2.0.291" },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.1 " },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.1\u00A0" },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.\u00AD1" },
              { "domain": "example.com", "connection-orig-match-pattern": " sip*@192.0.2.1" },
              { "domain": "example.com", "connection-orig-match-pattern": "\u3000\u00A0" },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.1\uDB40\uDC01" },
              { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.1" }
            ]
            """);

        var run = Cli.Run(folder, "compile", "keys.json", "--out", "out");

        Assert.Equal(1, run.ExitCode);
        const string why = "key values cannot hold invisible, bidirectional-control or non-ASCII space characters, which make different keys look the same. Remove it.";
        const string edge = "key values cannot start or end with white space, which makes different keys look the same. Remove it.";
        const string p = "'connection-orig-match-pattern'";
        Assert.Equal(
        [
            $"keys.json(2,30): error CR1014: {p} is only white space; a key value must be visible text.",
            $@"keys.json(3,30): error CR1014: {p} ('sip*@192.0.2.1\u200D') contains U+200D (zero-width joiner) at index 14; {why}",
            $@"keys.json(4,30): error CR1014: {p} ('sip*@\u202E1.2.0.291') contains U+202E (right-to-left override) at index 5; {why}",
            $"keys.json(5,30): error CR1014: {p} ('sip*@192.0.2.1 ') ends with a space; {edge}",
            $@"keys.json(6,30): error CR1014: {p} ('sip*@192.0.2.1\u00A0') contains U+00A0 (no-break space) at index 14; {why}",
            $@"keys.json(7,30): error CR1014: {p} ('sip*@192.0.2.\u00AD1') contains U+00AD (soft hyphen) at index 13; {why}",
            $"keys.json(8,30): error CR1014: {p} (' sip*@192.0.2.1') starts with a space; {edge}",
            $"keys.json(9,30): error CR1014: {p} is only white space; a key value must be visible text.",
            $@"keys.json(10,30): error CR1014: {p} ('sip*@192.0.2.1\U000E0001') contains U+E0001 (tag) at index 14; {why}",
            "9 errors in 1 of 1 file; nothing written.",
        ], run.StderrLines);
        Assert.False(Directory.Exists(Path.Join(folder, "out")));
    }

    [Fact]
    public void Look_alike_characters_outside_key_fields_are_allowed()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "ok.json"), """
            { "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.1", "description": " Carrier\u00A0A \u200D " }
            """);
        var run = Cli.Run(folder, "validate", "ok.json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
    }
}
