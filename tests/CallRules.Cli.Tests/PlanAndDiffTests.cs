using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace CallRules.Cli.Tests;

/// <summary>plan and diff as a process: added, removed and changed sections, secrets never shown, exit codes.</summary>
public class PlanAndDiffTests
{
    private const string OldSecret = "Sample-Only-Pa55word";
    private const string NewSecret = "Rotated-Secret-77";

    /// <summary>The samples compiled into out/ (and out-split/), then the definitions changed: one section added, one removed, one changed, and a password rotated.</summary>
    private static string Deployed()
    {
        var folder = Cli.CopyOfSamples();
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "out").ExitCode);
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "out-split", "--split-by-domain").ExitCode);
        var definitions = Path.Join(folder, "definitions");
        File.Delete(Path.Join(definitions, "tls-encrypted.json"));
        Edit(Path.Join(definitions, "outbound-carrier.json"), "\"limits-max-active-calls-total\": 50", "\"limits-max-active-calls-total\": 60");
        Edit(Path.Join(definitions, "pbx-registration.json"), OldSecret, NewSecret);
        File.WriteAllText(Path.Join(definitions, "new.json"),
            "{ \"domain\": \"example.com\", \"connection-orig-match-pattern\": \"sip*@198.51.100.77\", \"connection-sip-registration-password\": \"Brand-New-Secret-1\" }");
        return folder;
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    private static void AssertNoSecret(CliRun run)
    {
        var all = run.Stdout + run.Stderr;
        Assert.DoesNotContain(OldSecret, all);
        Assert.DoesNotContain(NewSecret, all);
        Assert.DoesNotContain("Brand-New-Secret-1", all);
    }

    [Fact]
    public void Plan_shows_added_removed_and_changed_sections_in_section_order_and_masks_secrets()
    {
        var folder = Deployed();
        var run = Cli.Run(folder, "plan", "definitions", "--against", Path.Join("out", "connection.rules"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var lines = Readme.Lines(run.Stdout);
        var blocks = lines.Where(l => l.Length > 0 && l[0] is '+' or '-' or '~').ToList();
        Assert.Equal(
        [
            "- [example.org/sips*@secure.example.org]",
            "+ [example.com/sip*@198.51.100.77]",
            "~ [example.com/sip*@203.0.113.20]",
            "~ [acme.example/sip*@192.0.2.50]",
        ], blocks);
        Assert.Equal("    AuthPassword: (secret, changed)", lines.SkipWhile(l => l != "~ [acme.example/sip*@192.0.2.50]").ElementAt(1));
        Assert.Contains("    AuthPassword=(secret)", lines);
        Assert.Contains("    MaxCallsTotal: 50 -> 60", lines);
        Assert.Equal("Plan: 1 to add, 2 to change, 1 to remove.", lines[^1]);
        AssertNoSecret(run);
        // Nothing was written.
        Assert.Equal(["connection.rules"], Cli.Entries(Path.Join(folder, "out")));
    }

    [Fact]
    public void Plan_exit_code_is_3_with_changes_and_0_without()
    {
        var folder = Deployed();
        Assert.Equal(3, Cli.Run(folder, "plan", "definitions", "--against", Path.Join("out", "connection.rules"), "--exit-code").ExitCode);
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "out").ExitCode);
        var same = Cli.Run(folder, "plan", "definitions", "--against", Path.Join("out", "connection.rules"), "--exit-code");
        Assert.Equal(0, same.ExitCode);
        Assert.StartsWith("No changes", same.Stdout);
    }

    [Fact]
    public void Plan_against_a_folder_reads_the_split_layout_and_says_which_files_compile_leaves_alone()
    {
        var folder = Deployed();
        File.Delete(Path.Join(folder, "definitions", "two-domains.json")); // example.net has no definition left
        var run = Cli.Run(folder, "plan", "definitions", "--against", "out-split");

        Assert.Equal(0, run.ExitCode);
        // example.net and example.org have no definitions left: compile will not touch their files.
        Assert.Equal(
        [
            $"note: {Path.Join("out-split", "example.net.rules")} has no definitions now; compile leaves it as it is (delete it to remove its 1 section).",
            $"note: {Path.Join("out-split", "example.org.rules")} has no definitions now; compile leaves it as it is (delete it to remove its 1 section).",
        ], Readme.Lines(run.Stderr));
        Assert.DoesNotContain("[example.net/", run.Stdout);
        Assert.DoesNotContain("[example.org/", run.Stdout);
        Assert.Contains("- [example.com/1555123*]", run.Stdout);
        Assert.EndsWith("Plan: 1 to add, 2 to change, 1 to remove.\n", run.Stdout.Replace("\r\n", "\n"));
        AssertNoSecret(run);
    }

    [Fact]
    public void Plan_as_json_carries_the_changes_as_data_without_secret_values()
    {
        var folder = Deployed();
        var run = Cli.Run(folder, "plan", "definitions", "--against", Path.Join("out", "connection.rules"), "--format", "json", "--exit-code");

        Assert.Equal(3, run.ExitCode);
        var root = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(3, (int)root["exitCode"]!);
        Assert.Equal(1, (int)root["summary"]!["add"]!);
        Assert.Equal(2, (int)root["summary"]!["change"]!);
        Assert.Equal(1, (int)root["summary"]!["remove"]!);
        var changes = root["changes"]!.AsArray();
        var changed = changes.Single(c => (string)c!["section"]! == "example.com/sip*@203.0.113.20")!;
        Assert.Equal("change", (string)changed["action"]!);
        var rule = changed["rules"]!.AsArray().Single()!;
        Assert.Equal("MaxCallsTotal", (string)rule["key"]!);
        Assert.Equal("50", (string)rule["old"]!);
        Assert.Equal("60", (string)rule["new"]!);
        var secret = changes.Single(c => (string)c!["section"]! == "acme.example/sip*@192.0.2.50")!["rules"]!.AsArray().Single()!;
        Assert.True((bool)secret["secret"]!);
        Assert.Null(secret["old"]);
        Assert.Null(secret["new"]);
        AssertNoSecret(run);
    }

    [Fact]
    public void Diff_compares_two_outputs_as_plan_does_in_every_format()
    {
        var folder = Deployed();
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "new").ExitCode);
        var text = Cli.Run(folder, "diff", Path.Join("out", "connection.rules"), Path.Join("new", "connection.rules"));
        var plan = Cli.Run(folder, "plan", "definitions", "--against", Path.Join("out", "connection.rules"));
        var json = Cli.Run(folder, "diff", "out", "new", "--format", "json", "--exit-code");

        Assert.Equal(0, text.ExitCode);
        Assert.Equal(plan.Stdout, text.Stdout);
        Assert.Equal(3, json.ExitCode);
        Assert.Equal(4, JsonNode.Parse(json.Stdout)!["changes"]!.AsArray().Count);
        foreach (var run in new[] { text, json }) AssertNoSecret(run);
    }

    [Fact]
    public void A_call_rule_file_this_schema_cannot_read_is_an_error_at_its_line_and_nothing_is_compared()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "old.rules"), "# hand-made\n\n[example.com/x]\nOrigMatch=x\nMaxCalls=5\n");
        File.WriteAllText(Path.Join(folder, "broken.rules"), "[example.com/x]\nOrigMatch x\n");
        var unknownKey = Cli.Run(folder, "plan", Cli.Samples, "--against", "old.rules");
        var malformed = Cli.Run(folder, "diff", "broken.rules", "old.rules", "--format", "json");

        Assert.Equal(1, unknownKey.ExitCode);
        Assert.Equal(
        [
            "old.rules(5,1): error CR3005: 'MaxCalls' in section [example.com/x] is not a call-rule key of Connection definitions (connection.schema.json); did you mean 'MaxCallsOrig'? The file was written for another schema or edited by hand; nothing more of it is read.",
            "The deployed call rules in 'old.rules' cannot be read; nothing compared.",
        ], unknownKey.StderrLines);
        Assert.Equal("", unknownKey.Stdout);
        Assert.Equal(1, malformed.ExitCode);
        var diagnostic = JsonNode.Parse(malformed.Stdout)!["diagnostics"]![0]!;
        Assert.Equal("CR3004", (string)diagnostic["code"]!);
        Assert.Equal(2, (int)diagnostic["line"]!);
    }

    [Fact]
    public void Plan_usage_errors_exit_2()
    {
        var folder = Cli.TempFolder();
        var missing = Cli.Run(folder, "plan", Cli.Samples);
        var absent = Cli.Run(folder, "plan", Cli.Samples, "--against", "nowhere.rules");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("callrules: error: 'plan' needs the deployed call rules to compare with: --against <file or folder>.", missing.StderrLines[0]);
        Assert.Equal(2, absent.ExitCode);
        Assert.Equal("error CR3001: 'nowhere.rules' does not exist.", absent.StderrLines[0]);
        Assert.Equal(2, Cli.Run(folder, "diff", "only-one.rules").ExitCode);
    }

    [Fact]
    public void Colour_only_on_a_terminal()
    {
        // The tests' stdout is a pipe: no escape sequences, whatever TERM says.
        var folder = Deployed();
        var run = Cli.Run(folder, new Dictionary<string, string> { ["TERM"] = "xterm-256color" },
            "plan", "definitions", "--against", Path.Join("out", "connection.rules"));
        Assert.DoesNotContain("\u001b[", run.Stdout);
    }
}
