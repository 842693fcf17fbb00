using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CallRules.Cli.Tests;

/// <summary>
/// Issue 10, row 5: whatever a definition or a file name holds, one error is one line, and nothing reaches the
/// terminal that drives it (ESC sequences, bidirectional controls, U+2028).
/// </summary>
public class MessageEscapingTests
{
    private const string Forged = "forged.json(9,9): error CR9999: this line was written by a definition";

    // Each line the CLI prints about a definition: a located diagnostic, or the summary.
    private static readonly Regex s_diagnosticLine = new(@"^.+\(\d+,\d+\): (error|warning) CR[0-3]\d{3}: .+$");

    [Fact]
    public void Control_characters_in_names_values_and_paths_are_escaped_so_each_error_is_one_line()
    {
        var folder = Cli.TempFolder();
        var input = Path.Join(folder, "in");
        Directory.CreateDirectory(input);
        // A JSON escape reaches the value as the real character after reading.
        const string newline = "\\n";
        const string esc = "\\u001b";
        File.WriteAllText(Path.Join(input, "a.json"), $$"""
            [
              { "domain": "example.com", "connection-orig-match-pattern": "a1", "x{{newline}}{{Forged}}": 1 },
              { "domain": "example.com", "connection-orig-match-pattern": "a2", "connection-sip-transport-protocol": "UDP{{newline}}{{Forged}}" },
              { "domain": "example.com", "connection-orig-match-pattern": "a3", "utc-offset": "+1\u2028{{Forged}}" },
              { "domain": "example.com", "connection-orig-match-pattern": "a4", "time-zone": "{{esc}}[2J{{esc}}]0;owned\u0007" },
              { "domain": "exa mple\u2028{{Forged}}", "connection-orig-match-pattern": "a5" },
              { "domain": "example.com", "connection-orig-match-pattern": "a6", "{{esc}}[31mred": 1 }
            ]
            """);
        // A path with a line break and one with U+2028, holding the same key as a.json's first definition (CR2001).
        File.WriteAllText(Path.Join(input, "b\n" + Forged + ".json"), """{ "domain": "example.com", "connection-orig-match-pattern": "a1" }""");
        File.WriteAllText(Path.Join(input, "c\u2028d\u001b[2J.json"), """{ "domain": "example.com", "connection-orig-match-pattern": "a1" }""");

        var run = Cli.Run(folder, "validate", "in");

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Stderr);
        Assert.DoesNotContain('\u2028', run.Stderr);
        Assert.DoesNotContain('\u0007', run.Stderr);
        Assert.DoesNotContain('\r', run.Stderr);
        var lines = run.StderrLines;
        Assert.All(lines[..^1], line => Assert.Matches(s_diagnosticLine, line));
        Assert.All(lines, line => Assert.False(line.StartsWith("forged.json", System.StringComparison.Ordinal), line));
        Assert.Equal("13 errors in 3 of 3 files.", lines[^1]);
        Assert.Equal(14, lines.Length);

        // Each escaped the same way: \n, \uXXXX, and the rest as it is.
        Assert.Contains(@"Unknown field 'x\nforged.json(9,9): error CR9999: this line was written by a definition'", run.Stderr);
        Assert.Contains(@"'connection-sip-transport-protocol' is 'UDP\nforged.json(9,9)", run.Stderr);
        Assert.Contains(@"'utc-offset' ('+1\u2028forged.json(9,9)", run.Stderr);
        Assert.Contains(@"'time-zone' ('\u001B[2J\u001B]0;owned\u0007') is not valid", run.Stderr);
        Assert.Contains(@"Unknown field '\u001B[31mred'", run.Stderr);
        Assert.Contains(@"'domain' ('exa mple\u2028forged.json(9,9)", run.Stderr);
        var b = Path.Join("in", @"b\nforged.json(9,9): error CR9999: this line was written by a definition.json");
        var c = Path.Join("in", @"c\u2028d\u001B[2J.json");
        Assert.Contains(lines, line => line.StartsWith(b + "(1,1): error CR2001: ", System.StringComparison.Ordinal)
            && line.EndsWith($"also defined at {Path.Join("in", "a.json")}(2,3). Each key may be defined once.", System.StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith(c + "(1,1): error CR2001: ", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_argument_with_control_characters_is_escaped_in_usage_errors_and_summaries()
    {
        var folder = Cli.TempFolder();
        var missing = Cli.Run(folder, "validate", "no\u001b[2Jsuch\nfile.json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(
        [
            @"error CR3001: 'no\u001B[2Jsuch\nfile.json' does not exist.",
            "1 error in the paths given; nothing checked.",
        ], missing.StderrLines);

        var output = "out\u202Esdrawkcab\n";
        var compiled = Cli.Run(folder, "compile", Path.Join(Cli.Samples, "minimal.json"), "--out", output);
        Assert.Equal(0, compiled.ExitCode);
        Assert.Equal($"Compiled 1 connection from 1 file into {Path.Join(@"out\u202Esdrawkcab\n", "connection.rules")}.\n", compiled.Stdout);
        Assert.True(File.Exists(Path.Join(folder, output, "connection.rules")));

        var unknown = Cli.Run(folder, "validate", "--\u001b[31mred");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(@"callrules: error: unknown option '--\u001B[31mred'.", unknown.StderrLines[0]);
        Assert.DoesNotContain('\u001b', missing.Stderr + compiled.Stdout + unknown.Stderr);
    }

    [Fact]
    public void The_schema_command_prints_its_json_as_it_is()
    {
        var run = Cli.Run(Cli.TempFolder(), "schema");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Join(Cli.RepositoryRoot, "schema", "connection.definitions.json")), run.Stdout);
        Assert.True(run.Stdout.Count(c => c == '\n') > 100);
    }
}
