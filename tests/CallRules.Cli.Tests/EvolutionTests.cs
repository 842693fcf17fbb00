using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CallRules.Cli.Tests;

/// <summary>
/// A schema that deprecates, renames and removes fields (tests/Fixtures/PeerCli/peer.schema.json, release 2 of a
/// peer schema), met through the command built with it, as an operator meets it: deprecated fields warn and still
/// compile, earlier names are read as the field with a warning, removed fields are errors that say why.
/// </summary>
public sealed class EvolutionTests
{
    [Fact]
    public void Deprecated_field_is_a_warning_and_the_definition_still_compiles()
    {
        var folder = Write("""{ "domain": "example.com", "host": "192.0.2.1", "codec": "PCMU" }""");

        var run = Cli.RunPeer(folder, "compile", "p.json", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("p.json(1,49): warning CR1015: 'codec' is deprecated: Use 'codecs' instead, which lists the codecs in order of preference.", run.StderrLines[0]);
        Assert.Contains("Codec=PCMU\n", File.ReadAllText(Path.Join(folder, "out", "peer.rules")));
        Assert.Contains("1 warning", run.Stdout + run.Stderr);
    }

    [Fact]
    public void Deprecation_warning_carries_its_severity_in_json_output()
    {
        var folder = Write("""{ "domain": "example.com", "host": "192.0.2.1", "codec": "PCMU" }""");

        var run = Cli.RunPeer(folder, "validate", "p.json", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var diagnostic = Assert.Single(document.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("CR1015", "warning"), (diagnostic.GetProperty("code").GetString(), diagnostic.GetProperty("severity").GetString()));
        Assert.True(document.RootElement.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public void Earlier_name_is_read_as_the_field_with_a_warning_and_compiles_to_the_same_call_rules()
    {
        var old = Write("""{ "domain": "example.com", "host": "192.0.2.1", "audio-relay": "no" }""");
        var renamed = Write("""{ "domain": "example.com", "host": "192.0.2.1", "media-relay": "no" }""");

        var oldRun = Cli.RunPeer(old, "compile", "p.json", "--out", "out");
        var renamedRun = Cli.RunPeer(renamed, "compile", "p.json", "--out", "out");

        Assert.True(oldRun.ExitCode == 0, oldRun.ToString());
        Assert.Equal("p.json(1,49): warning CR1016: 'audio-relay' is the earlier name of 'media-relay'; it is read as 'media-relay'. Rename it ('callrules migrate' does).", oldRun.StderrLines[0]);
        Assert.Equal(0, renamedRun.ExitCode);
        Assert.DoesNotContain("warning", renamedRun.Stderr);
        var rules = File.ReadAllText(Path.Join(old, "out", "peer.rules"));
        Assert.Contains("NatWan=never\n", rules);
        Assert.Equal(File.ReadAllText(Path.Join(renamed, "out", "peer.rules")), rules);
    }

    [Fact]
    public void Value_under_an_earlier_name_is_checked_like_the_field()
    {
        var folder = Write("""{ "domain": "example.com", "host": "192.0.2.1", "audio-relay": "sometimes" }""");

        var run = Cli.RunPeer(folder, "validate", "p.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("warning CR1016: 'audio-relay' is the earlier name of 'media-relay'", run.Stderr);
        Assert.Contains("error CR1009: 'media-relay' is 'sometimes'; allowed values are 'yes', 'optional', 'no'.", run.Stderr);
    }

    [Fact]
    public void Both_names_in_one_definition_are_an_error()
    {
        var folder = Write("""{ "domain": "example.com", "host": "192.0.2.1", "media-relay": "yes", "audio-relay": "no" }""");

        var run = Cli.RunPeer(folder, "validate", "p.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("p.json(1,71): error CR1018: 'media-relay' is set twice, under its name and under its earlier name 'audio-relay' (the first at line 1, column 49). Keep 'media-relay' only.", run.StderrLines);
    }

    [Fact]
    public void Removed_field_is_an_error_that_says_why_and_never_guesses()
    {
        var folder = Write("""{ "domain": "example.com", "host": "192.0.2.1", "fax-enabled": "yes" }""");

        var run = Cli.RunPeer(folder, "compile", "p.json", "--out", "out");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("p.json(1,49): error CR1017: 'fax-enabled' was removed from the Peer schema: Faxes travel as ordinary calls (T.38 is negotiated per call), so the setting had no effect. Remove it from the definition.", run.StderrLines[0]);
        Assert.DoesNotContain("Unknown field", run.Stderr);
        Assert.DoesNotContain("Did you mean", run.Stderr);
        Assert.False(Directory.Exists(Path.Join(folder, "out")));
    }

    [Fact]
    public void Docs_mark_the_deprecated_field_list_earlier_names_and_removed_fields()
    {
        var run = Cli.RunPeer(Cli.TempFolder(), "docs");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("| [`codec`](#codec) (deprecated) |", run.Stdout);
        Assert.Contains("> **Deprecated.** Use 'codecs' instead, which lists the codecs in order of preference.", run.Stdout);
        Assert.Contains("- **Earlier names:** `audio-relay`, still read as this field, with a warning", run.Stdout);
        Assert.Contains("## Removed fields", run.Stdout);
        Assert.Contains("| `fax-enabled` | Faxes travel as ordinary calls (T.38 is negotiated per call), so the setting had no effect. |", run.Stdout);
    }

    [Fact]
    public void Editor_schema_marks_deprecated_and_earlier_names_and_rejects_removed_names()
    {
        var run = Cli.RunPeer(Cli.TempFolder(), "schema");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var properties = document.RootElement.GetProperty("$defs").GetProperty("Peer").GetProperty("properties");
        Assert.True(properties.GetProperty("codec").GetProperty("deprecated").GetBoolean());
        Assert.True(properties.GetProperty("audio-relay").GetProperty("deprecated").GetBoolean());
        Assert.Equal("#/$defs/Peer/properties/media-relay", properties.GetProperty("audio-relay").GetProperty("$ref").GetString());
        Assert.StartsWith("Removed: Faxes travel", properties.GetProperty("fax-enabled").GetProperty("description").GetString());
        Assert.False(properties.TryGetProperty("media-relay", out var relay) && relay.TryGetProperty("deprecated", out _));
    }

    // ---- callrules baseline ----

    [Fact]
    public void Baseline_writes_the_schema_in_canonical_form_beside_it_and_then_is_up_to_date()
    {
        var folder = Cli.TempFolder();
        File.Copy(Path.Join(Cli.RepositoryRoot, "schema", "connection.schema.json"), Path.Join(folder, "connection.schema.json"));

        var first = Cli.Run(folder, "baseline", "connection.schema.json");
        var second = Cli.Run(folder, "baseline", "connection.schema.json", "--check");

        Assert.True(first.ExitCode == 0, first.ToString());
        // Counted from the schema: adding a field (which leaves the committed baseline as it is until a release) changes nothing here.
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Join(folder, "connection.schema.json")));
        Assert.Equal($"Wrote connection.schema.shipped.json ({schema.RootElement.GetProperty("fields").GetArrayLength()} fields).", first.Stdout.Trim());
        Assert.StartsWith("// The shipped baseline of connection.schema.json", File.ReadAllText(Path.Join(folder, "connection.schema.shipped.json")));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("connection.schema.shipped.json is up to date.", second.Stdout.Trim());
        Assert.Equal(["connection.schema.json", "connection.schema.shipped.json"], Cli.Entries(folder));
    }

    [Fact]
    public void Baseline_through_a_symbolic_link_rewrites_the_target_keeps_the_link_and_removes_stale_temporary_files()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "release"));
        File.Copy(Path.Join(Cli.PeerFixture, "peer.schema.json"), Path.Join(folder, "peer.schema.json"));
        File.WriteAllText(Path.Join(folder, "release", "peer.shipped.json"), "{}");
        File.CreateSymbolicLink(Path.Join(folder, "peer.schema.shipped.json"), Path.Join("release", "peer.shipped.json"));
        File.WriteAllText(Path.Join(folder, "release", ".peer.shipped.json.4194304.0123456789abcdef.tmp"), "{");

        var run = Cli.Run(folder, "baseline", "peer.schema.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Path.Join("release", "peer.shipped.json"), new FileInfo(Path.Join(folder, "peer.schema.shipped.json")).LinkTarget);
        Assert.StartsWith("// The shipped baseline of peer.schema.json", File.ReadAllText(Path.Join(folder, "release", "peer.shipped.json")));
        Assert.Equal(["peer.shipped.json"], Cli.Entries(Path.Join(folder, "release")));
    }

    [Fact]
    public void Baseline_check_exits_3_on_a_stale_baseline_and_writes_nothing()
    {
        var folder = Cli.TempFolder();
        File.Copy(Path.Join(Cli.PeerFixture, "peer.schema.json"), Path.Join(folder, "peer.schema.json"));
        File.Copy(Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"), Path.Join(folder, "peer.schema.shipped.json"));

        var run = Cli.Run(folder, "baseline", "peer.schema.json", "--check");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("peer.schema.shipped.json is not the baseline of peer.schema.json.", run.Stdout.Trim());
        Assert.Equal(File.ReadAllText(Path.Join(Cli.PeerFixture, "peer.schema.shipped.json")), File.ReadAllText(Path.Join(folder, "peer.schema.shipped.json")));
    }

    [Fact]
    public void Baseline_refresh_names_the_allowBreaking_entries_that_become_stale()
    {
        var folder = Cli.TempFolder();
        File.Copy(Path.Join(Cli.PeerFixture, "peer.schema.json"), Path.Join(folder, "peer.schema.json"));

        var run = Cli.Run(folder, "baseline", "peer.schema.json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Wrote peer.schema.shipped.json (8 fields, 1 removed name).", run.Stdout.Trim());
        Assert.Equal("note: peer.schema.json has 1 \"allowBreaking\" entry; against the new baseline they match nothing (warning CRG049): remove them in this commit.", run.Stderr.Trim());
    }

    [Fact]
    public void Baseline_of_a_schema_it_cannot_read_is_CR3009_at_its_position()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "bad.schema.json"), "{\n  \"name\": \"Bad\",\n  \"key\": [\"a\"],\n  \"fields\": [ { \"name\": \"a\", \"type\": \"string\", \"maxLenght\": 3 } ]\n}\n");

        var run = Cli.Run(folder, "baseline", "bad.schema.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["bad.schema.json(4,48): error CR3009: 'maxLenght' is not a keyword of a field; did you mean 'maxLength'?"], run.StderrLines);
        Assert.Equal(["bad.schema.json"], Cli.Entries(folder));
    }

    private static string Write(string json)
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "p.json"), json);
        return folder;
    }
}
