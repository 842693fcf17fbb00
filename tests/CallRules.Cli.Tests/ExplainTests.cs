using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CallRules.Cli.Tests;

/// <summary>explain as a process: where each call-rule line of one connection gets its value.</summary>
public class ExplainTests
{
    private const string Pbx = "acme.example/sip*@192.0.2.50";
    private const string Outbound = "example.com/sip*@203.0.113.20";
    private static readonly string s_pbxFile = Path.Join("samples", "connections", "pbx-registration.json");
    private static readonly string s_outboundFile = Path.Join("samples", "connections", "outbound-carrier.json");

    private static CliRun Explain(params string[] args) =>
        Cli.Run(Cli.RepositoryRoot, ["explain", Path.Join("samples", "connections"), .. args]);

    /// <summary>The line for <paramref name="key"/>, its key and value and its explanation with the padding between them collapsed.</summary>
    private static string LineOf(CliRun run, string key)
    {
        var line = Readme.Lines(run.Stdout).Single(l => l.StartsWith("  " + key + "=", StringComparison.Ordinal));
        var value = line[2..line.IndexOf("  ", 2, StringComparison.Ordinal)];
        return value + " | " + line[(2 + value.Length)..].TrimStart();
    }

    [Fact]
    public void A_set_value_names_the_file_line_and_column_of_its_property()
    {
        var run = Explain("--connection", Outbound);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Equal($"[{Outbound}] at {s_outboundFile}(1,1)", Readme.Lines(run.Stdout)[0]);
        Assert.Equal($"Transport=TCP | set at {s_outboundFile}(18,3)", LineOf(run, "Transport"));
        Assert.Equal($"MaxCallsTotal=50 | set at {s_outboundFile}(9,3)", LineOf(run, "MaxCallsTotal"));
    }

    [Fact]
    public void A_literal_default_and_a_mapped_default_say_so()
    {
        var run = Explain("--connection", Outbound);
        Assert.Equal("TermEnabled=yes | default 'yes'", LineOf(run, "TermEnabled"));
        Assert.Equal("DestHost=outbound.carrier-b.example.net | set at " + s_outboundFile + "(13,3)", LineOf(run, "DestHost"));
        Assert.Equal("NatWan=automatic | default 'yes', mapped to 'automatic'", LineOf(run, "NatWan"));
    }

    [Fact]
    public void A_default_from_another_field_names_that_field_and_where_it_is_set()
    {
        var run = Explain("--connection", Pbx);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"TermMatch=sip*@192.0.2.50 | default: the value of connection-orig-match-pattern ({s_pbxFile}(3,3))", LineOf(run, "TermMatch"));
    }

    [Fact]
    public void A_set_enum_that_is_mapped_shows_its_value_before_and_after_the_map()
    {
        var run = Explain("--connection", Pbx);
        Assert.Equal($"NatWan=none | set at {s_pbxFile}(6,3) to 'optional', mapped to 'none'", LineOf(run, "NatWan"));
    }

    [Fact]
    public void A_secret_is_shown_as_secret_and_its_value_appears_nowhere()
    {
        var run = Explain("--connection", Pbx);
        Assert.Equal($"AuthPassword=(secret) | set at {s_pbxFile}(11,3)", LineOf(run, "AuthPassword"));
        Assert.DoesNotContain("Sample-Only-Pa55word", run.Stdout + run.Stderr);

        var one = Explain("--connection", Pbx, "--key", "AuthPassword");
        Assert.Equal(0, one.ExitCode);
        Assert.DoesNotContain("Sample-Only-Pa55word", one.Stdout + one.Stderr);
    }

    [Fact]
    public void The_lines_are_those_compile_writes_in_the_same_order_with_the_unwritten_keys_listed()
    {
        var folder = Cli.TempFolder();
        Assert.Equal(0, Cli.Run(folder, "compile", Cli.Samples, "--out", "out").ExitCode);
        var compiled = File.ReadAllLines(Path.Join(folder, "out", "connection.rules"));
        var section = compiled.SkipWhile(l => l != $"[{Outbound}]").Skip(1).TakeWhile(l => l.Length > 0 && !l.StartsWith('[')).ToList();

        var run = Explain("--connection", Outbound);
        var lines = Readme.Lines(run.Stdout);
        var explained = lines.Skip(1).Where(l => !l.StartsWith("  Not written", StringComparison.Ordinal))
            .Select(l => l[2..l.IndexOf("  ", 2, StringComparison.Ordinal)]).ToList();
        Assert.Equal(section, explained);
        Assert.StartsWith("  Not written (not set, no default): DialPlan, DialPolicy, MaxCallsOrig, AuthUser, AuthPassword,", lines[^1]);
    }

    [Fact]
    public void Key_explains_one_line_by_call_rule_key_or_field_name()
    {
        var byKey = Explain("--connection", Pbx, "--key", "TermMatch");
        Assert.Equal(0, byKey.ExitCode);
        Assert.Equal(
            [$"[{Pbx}] at {s_pbxFile}(1,1)",
             $"  TermMatch=sip*@192.0.2.50  default: the value of connection-orig-match-pattern ({s_pbxFile}(3,3))",
             "  field: connection-term-match-pattern (not set: set it to change this line)"],
            Readme.Lines(byKey.Stdout));

        var byField = Explain("--connection", $"[{Pbx}]", "--key", "connection-term-match-pattern");
        Assert.Equal(byKey.Stdout, byField.Stdout);

        var unwritten = Explain("--connection", Pbx, "--key", "DialPolicy");
        Assert.Equal(0, unwritten.ExitCode);
        Assert.Equal("  DialPolicy is not written: dial-policy is not set and has no default.", Readme.Lines(unwritten.Stdout)[^1]);
    }

    [Fact]
    public void An_unknown_section_name_gets_a_did_you_mean_and_exit_1()
    {
        var run = Explain("--connection", "acme.example/sip*@192.0.2.5");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            ["callrules: error: no connection has the section name 'acme.example/sip*@192.0.2.5' (read 7 connections in 6 files). Did you mean 'acme.example/sip*@192.0.2.50'?"],
            run.StderrLines);
    }

    [Fact]
    public void An_unknown_key_gets_a_did_you_mean_and_exit_2()
    {
        var run = Explain("--connection", Pbx, "--key", "AuthPasword");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("callrules: error: 'AuthPasword' is not a call-rule key of connection definitions. Did you mean 'AuthPassword'?", run.StderrLines[0]);

        var silent = Explain("--connection", Pbx, "--key", "description");
        Assert.Equal(2, silent.ExitCode);
        Assert.Equal("callrules: error: 'description' is not written to the call rules, so no line has a value to explain.", silent.StderrLines[0]);
    }

    [Fact]
    public void Invalid_definitions_get_their_located_errors_and_nothing_is_explained()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "bad.json"), "{\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"x*\", \"limits-max-active-calls-total\": -1}");
        var run = Cli.Run(folder, "explain", "bad.json", "--connection", "example.com/x*");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("bad.json(1,", run.StderrLines[0]);
        Assert.Equal("1 error in 1 of 1 file; nothing explained (compile would write nothing).", run.StderrLines[^1]);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var noSection = Explain();
        Assert.Equal(2, noSection.ExitCode);
        Assert.Equal("callrules: error: 'explain' needs the connection to explain: --connection <section name>.", noSection.StderrLines[0]);

        var noPaths = Cli.Run(Cli.TempFolder(), "explain", "--connection", Pbx);
        Assert.Equal(2, noPaths.ExitCode);
        Assert.Equal("callrules: error: 'explain' needs at least one definition file or folder.", noPaths.StderrLines[0]);
    }

    [Fact]
    public void The_explain_examples_of_docs_cli_and_the_readme_are_real_output()
    {
        var full = Explain("--connection", Pbx);
        Assert.Equal(Readme.Transcript("docs/cli.md", $"callrules explain samples/connections --connection '{Pbx}'"), ReleasedOnly(Readme.Lines(full.Stdout)));
        var one = Explain("--connection", Outbound, "--key", "NatWan");
        var shown = Readme.Transcript("README.md", $"callrules explain samples/connections --connection '{Outbound}' --key NatWan");
        Assert.Equal(shown, Readme.Lines(one.Stdout));
        Assert.Equal(shown, Readme.Transcript("docs/cli.md", $"callrules explain samples/connections --connection '{Outbound}' --key NatWan"));
    }

    /// <summary>
    /// The full explanation without the lines, and the not-written keys, of fields added since the last release (not in
    /// the shipped baseline yet): docs/cli.md shows the schema as released, so adding a field (README, "Adding a field")
    /// does not make the example stale; the release that ships the field refreshes the baseline, and then the example.
    /// </summary>
    private static List<string> ReleasedOnly(IReadOnlyList<string> lines)
    {
        using var baseline = JsonDocument.Parse(File.ReadAllText(Path.Join(Cli.RepositoryRoot, "schema", "connection.schema.shipped.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var released = baseline.RootElement.GetProperty("fields").EnumerateArray()
            .Where(f => f.TryGetProperty("callRule", out _)).Select(f => f.GetProperty("callRule").GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.True(released.Count > 40, $"Expected the released call-rule keys, found {released.Count}.");
        const string NotWritten = "  Not written (not set, no default): ";
        return lines
            .Where(l => !l.StartsWith("  ", StringComparison.Ordinal) || l.StartsWith(NotWritten, StringComparison.Ordinal)
                || !l.Contains('=', StringComparison.Ordinal) || released.Contains(l[2..l.IndexOf('=', StringComparison.Ordinal)]))
            .Select(l => l.StartsWith(NotWritten, StringComparison.Ordinal)
                ? NotWritten + string.Join(", ", l[NotWritten.Length..].TrimEnd('.').Split(", ").Where(released.Contains)) + "."
                : l)
            .ToList();
    }

    private static JsonElement Rule(JsonElement root, string key) =>
        root.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("key").GetString() == key);

    [Fact]
    public void As_json_each_line_has_its_value_origin_and_position_and_a_secret_has_no_value()
    {
        var run = Explain("--connection", Pbx, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain("Sample-Only-Pa55word", run.Stdout);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal(("explain", true, 0), (root.GetProperty("command").GetString(), root.GetProperty("succeeded").GetBoolean(), root.GetProperty("exitCode").GetInt32()));
        Assert.Equal(Pbx, root.GetProperty("section").GetString());
        Assert.Equal(s_pbxFile, root.GetProperty("file").GetString());

        var nat = Rule(root, "NatWan");
        Assert.Equal(("none", "set", "optional", true, 6, 3), (nat.GetProperty("value").GetString(), nat.GetProperty("origin").GetString(),
            nat.GetProperty("wireValue").GetString(), nat.GetProperty("mapped").GetBoolean(), nat.GetProperty("line").GetInt32(), nat.GetProperty("column").GetInt32()));
        var match = Rule(root, "TermMatch");
        Assert.Equal(("defaultFrom", "connection-orig-match-pattern", 3), (match.GetProperty("origin").GetString(), match.GetProperty("from").GetString(),
            match.GetProperty("line").GetInt32()));
        var enabled = Rule(root, "TermEnabled");
        Assert.Equal(("yes", "default", JsonValueKind.Null), (enabled.GetProperty("value").GetString(), enabled.GetProperty("origin").GetString(),
            enabled.GetProperty("file").ValueKind));
        var password = Rule(root, "AuthPassword");
        Assert.True(password.GetProperty("secret").GetBoolean());
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, "set"), (password.GetProperty("value").ValueKind, password.GetProperty("wireValue").ValueKind,
            password.GetProperty("origin").GetString()));
    }

    [Fact]
    public void As_json_an_unknown_section_is_a_failed_document_with_the_did_you_mean()
    {
        var run = Explain("--connection", Pbx + "x", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.False(root.GetProperty("succeeded").GetBoolean());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("rules").ValueKind);
        Assert.Contains($"Did you mean '{Pbx}'?", root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
