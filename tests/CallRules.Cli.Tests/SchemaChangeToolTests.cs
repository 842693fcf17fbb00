using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CallRules.Cli.Tests;

/// <summary>
/// The tools for a schema change, run as processes over the test schema peer.schema.json (release 2 of a peer schema
/// against its shipped baseline, release 1): <c>migrate</c> rewrites definition files to the new names in place, and
/// <c>schema-diff</c> shows what the change does to the call rules of real definitions.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SchemaChangeToolTests
{
    private const string Commented = """
        // Peers of example.com
        [
          { "domain": "example.com", "host": "192.0.2.1", "audio-relay": "no" }, // the old PBX
          {
            "domain": "example.com",
            "host": "192.0.2.2",
            /* relay always */ "audio-relay":   "yes",
            "password": "s3cret-pass"
          }
        ]

        """;

    // ---- migrate ----

    [Fact]
    public void Migrate_dry_run_lists_the_renames_and_changes_no_file()
    {
        var folder = MigrationFolder();
        var before = Snapshot(folder);

        var run = Cli.RunPeer(folder, "migrate", "defs", "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["defs/a.json(3,51): 'audio-relay' -> 'media-relay'", "defs/a.json(7,24): 'audio-relay' -> 'media-relay'"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Would rename 2 fields in 1 of 2 files; nothing was changed.", run.Stderr.Trim());
        Assert.Equal(before, Snapshot(folder));
    }

    [Fact]
    public void Migrate_renames_earlier_names_in_place_keeping_comments_formatting_and_mode()
    {
        var folder = MigrationFolder();
        var file = Path.Join(folder, "defs", "a.json");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var current = File.ReadAllText(Path.Join(folder, "defs", "sub", "d.json"));

        var run = Cli.RunPeer(folder, "migrate", "defs");
        var again = Cli.RunPeer(folder, "migrate", "defs");
        var validate = Cli.RunPeer(folder, "validate", "defs");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Renamed 2 fields in 1 of 2 files.", run.Stderr.Trim());
        Assert.Equal(Commented.Replace("\"audio-relay\"", "\"media-relay\""), File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(current, File.ReadAllText(Path.Join(folder, "defs", "sub", "d.json")));
        // No temporary file is left beside the files.
        Assert.Equal(["defs/a.json", "defs/sub/d.json"], Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal));
        Assert.Equal((0, "Nothing to rename in 2 files."), (again.ExitCode, again.Stderr.Trim()));
        Assert.True(validate.ExitCode == 0 && !validate.Stderr.Contains("CR1016"), validate.ToString());
    }

    [Fact]
    public void Migrate_reports_what_a_rename_cannot_do_and_leaves_those_definitions_alone()
    {
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "defs"));
        const string both = """{ "domain": "example.org", "host": "192.0.2.3", "media-relay": "yes", "audio-relay": "no", "codec": "PCMU" }""";
        const string removed = """{ "domain": "example.org", "host": "h", "fax-enabled": "yes" }""";
        File.WriteAllText(Path.Join(folder, "defs", "b.json"), both);
        File.WriteAllText(Path.Join(folder, "defs", "c.json"), removed);

        var run = Cli.RunPeer(folder, "migrate", "defs");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "defs/b.json(1,71): error CR1018: 'media-relay' is set twice, as 'audio-relay' and as 'media-relay' (line 1, column 49); keep one value under 'media-relay'. The definition is left as it is.",
            "defs/b.json(1,92): warning CR1015: 'codec' is deprecated: Use 'codecs' instead, which lists the codecs in order of preference.",
            "defs/c.json(1,41): error CR1017: 'fax-enabled' was removed from the Peer schema: Faxes travel as ordinary calls (T.38 is negotiated per call), so the setting had no effect. Remove it from the definition; migrate cannot.",
            "Nothing to rename in 2 files. 2 problems left to fix by hand.",
        ], run.StderrLines);
        Assert.Equal(both, File.ReadAllText(Path.Join(folder, "defs", "b.json")));
        Assert.Equal(removed, File.ReadAllText(Path.Join(folder, "defs", "c.json")));
    }

    [Fact]
    public void Migrate_through_a_symbolic_link_rewrites_the_target_and_keeps_the_link()
    {
        var folder = MigrationFolder();
        var real = Path.Join(folder, "defs", "a.json");
        File.SetUnixFileMode(real, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(Path.Join(folder, "linked"));
        var link = Path.Join(folder, "linked", "a.json");
        File.CreateSymbolicLink(link, Path.Join("..", "defs", "a.json"));

        var run = Cli.RunPeer(folder, "migrate", "linked");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Renamed 2 fields in 1 of 1 file.", run.Stderr.Trim());
        Assert.Equal(Path.Join("..", "defs", "a.json"), new FileInfo(link).LinkTarget);
        Assert.Equal(Commented.Replace("\"audio-relay\"", "\"media-relay\""), File.ReadAllText(real));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(real));
        Assert.Equal(["a.json"], Cli.Entries(Path.Join(folder, "linked")));
        Assert.Equal(["a.json", "sub"], Cli.Entries(Path.Join(folder, "defs")));
    }

    [Fact]
    public void Migrate_removes_the_temporary_files_a_killed_migrate_left()
    {
        var folder = MigrationFolder();
        // What a killed migrate leaves (its process, id 2^22, cannot run), and a name from before process ids: both go.
        File.WriteAllText(Path.Join(folder, "defs", ".a.json.4194304.0123456789abcdef.tmp"), "{ \"password\": \"s3cret-pass\"");
        File.WriteAllText(Path.Join(folder, "defs", ".a.json.0123456789abcdef0123456789abcdef.tmp"), "{");
        // Beside a file with nothing left to rename (the killed run had renamed it): also removed.
        File.WriteAllText(Path.Join(folder, "defs", "sub", ".d.json.4194304.0123456789abcdef.tmp"), "{");
        // A dry run writes nothing, so it removes nothing either.
        var dryRun = Cli.RunPeer(folder, "migrate", "defs", "--dry-run");
        Assert.Equal(3, Directory.GetFiles(folder, ".*.tmp", SearchOption.AllDirectories).Length);

        var run = Cli.RunPeer(folder, "migrate", "defs");

        Assert.True(dryRun.ExitCode == 0 && run.ExitCode == 0, dryRun.ToString() + run);
        Assert.Equal(["a.json", "sub"], Cli.Entries(Path.Join(folder, "defs")));
        Assert.Equal(["d.json"], Cli.Entries(Path.Join(folder, "defs", "sub")));
    }

    [Fact]
    public void Migrate_leaves_a_file_that_is_not_json_alone()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "bad.json"), """{ "domain": "example.org", "audio-relay": "no" """);

        var run = Cli.RunPeer(folder, "migrate", "bad.json");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("bad.json(1,", run.StderrLines[0]);
        Assert.Contains("error CR0001: The file is not valid JSON", run.StderrLines[0]);
        Assert.Equal("""{ "domain": "example.org", "audio-relay": "no" """, File.ReadAllText(Path.Join(folder, "bad.json")));
    }

    // ---- schema-diff ----

    [Fact]
    public void Schema_diff_groups_changed_lines_by_cause_per_definition()
    {
        // None may keep the removed field.
        var folder = NinePeers();

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"), "peers.json", "--exit-code");

        Assert.True(run.ExitCode == 3, run.ToString());
        var text = run.Stdout;
        Assert.StartsWith("Compared 9 peers in 1 file: peer.schema.shipped.json (before) and peer.schema.json (after).\n", text);
        Assert.Contains("""
            'media-relay' (NatWan): default changed from 'yes' to 'optional': 3 peers change
              [example.com/192.0.2.1]  peers.json(2,3)
                NatWan: automatic -> none
              [example.com/192.0.2.4]  peers.json(5,3)
                NatWan: automatic -> none
              [example.com/192.0.2.7]  peers.json(8,3)
                NatWan: automatic -> none

            'fax-enabled' (Fax): removed (listed in "removed"): 9 peers change
              [example.com/192.0.2.1]  peers.json(2,3)
                Fax: no -> (none)
            """.ReplaceLineEndings("\n"), text);
        Assert.Contains("Warnings under peer.schema.json ('callrules migrate' renames earlier names): 3\n", text);
        Assert.EndsWith("9 of 9 peers change; 0 rejected by the new schema.\n", text);
        Assert.Equal("", run.Stderr);
    }

    /// <summary>
    /// Nine generated peers: every third leaves the renamed field out (its default changed), every third sets it under
    /// its old name, every third under its new name.
    /// </summary>
    private static string NinePeers()
    {
        var folder = Cli.TempFolder();
        var lines = Enumerable.Range(1, 9).Select(i => (i % 3) switch
        {
            1 => $$"""  { "domain": "example.com", "host": "192.0.2.{{i}}" }""",
            2 => $$"""  { "domain": "example.com", "host": "192.0.2.{{i}}", "audio-relay": "no" }""",
            _ => $$"""  { "domain": "example.com", "host": "192.0.2.{{i}}", "media-relay": "yes" }""",
        });
        File.WriteAllText(Path.Join(folder, "peers.json"), "[\n" + string.Join(",\n", lines) + "\n]\n");
        return folder;
    }

    [Fact]
    public void Schema_diff_summary_shows_each_cause_with_its_count_and_at_most_the_examples_asked_for()
    {
        var folder = NinePeers();

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"), "peers.json",
            "--summary", "--examples", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("""
            'media-relay' (NatWan): default changed from 'yes' to 'optional': 3 peers change
              [example.com/192.0.2.1]  peers.json(2,3)
                NatWan: automatic -> none
              ... and 2 more peers

            'fax-enabled' (Fax): removed (listed in "removed"): 9 peers change
              [example.com/192.0.2.1]  peers.json(2,3)
                Fax: no -> (none)
              ... and 8 more peers

            """.ReplaceLineEndings("\n"), run.Stdout);
        Assert.DoesNotContain("192.0.2.4", run.Stdout);
        // The warnings are counted, with as many examples.
        Assert.Contains("Warnings under peer.schema.json ('callrules migrate' renames earlier names): 3\n  peers.json(3,", run.Stdout);
        Assert.Contains("  ... and 2 more\n", run.Stdout);
        Assert.EndsWith("9 of 9 peers change; 0 rejected by the new schema.\n", run.Stdout);
    }

    [Fact]
    public void Schema_diff_usage_errors_for_examples()
    {
        var folder = NinePeers();
        var baseline = Path.Join(Cli.PeerFixture, "peer.schema.shipped.json");

        var notNumber = Cli.RunPeer(folder, "schema-diff", "--baseline", baseline, "peers.json", "--summary", "--examples", "many");
        var withoutSummary = Cli.RunPeer(folder, "schema-diff", "--baseline", baseline, "peers.json", "--examples", "2");

        Assert.Equal(2, notNumber.ExitCode);
        Assert.Contains("'--examples' is 'many'; give a whole number from 0 to", notNumber.Stderr);
        Assert.Equal(2, withoutSummary.ExitCode);
        Assert.Contains("'--examples' is used with --summary", withoutSummary.Stderr);
    }

    [Fact]
    public void Schema_diff_as_json_is_one_document_with_the_causes_counts_and_lines()
    {
        var folder = NinePeers();

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"), "peers.json",
            "--format", "json", "--exit-code");
        var summary = Cli.RunPeer(folder, "schema-diff", "--baseline", Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"), "peers.json",
            "--format", "json", "--summary", "--examples", "2");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("", run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal("schema-diff", root.GetProperty("command").GetString());
        Assert.True(root.GetProperty("succeeded").GetBoolean());
        Assert.Equal(3, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("peer.schema.shipped.json", root.GetProperty("baseline").GetString());
        Assert.Equal("peer.schema.json", root.GetProperty("schema").GetString());
        var counts = root.GetProperty("summary");
        Assert.Equal((9, 1, 9, 0), (counts.GetProperty("definitions").GetInt32(), counts.GetProperty("files").GetInt32(),
            counts.GetProperty("changed").GetInt32(), counts.GetProperty("rejected").GetInt32()));
        var relay = root.GetProperty("causes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "media-relay");
        Assert.Equal("NatWan", relay.GetProperty("callRule").GetString());
        Assert.Equal(["default changed from 'yes' to 'optional'"], relay.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3, relay.GetProperty("count").GetInt32());
        var first = relay.GetProperty("definitions")[0];
        Assert.Equal(("example.com/192.0.2.1", "peers.json", 2, 3), (first.GetProperty("section").GetString(), first.GetProperty("file").GetString(),
            first.GetProperty("line").GetInt32(), first.GetProperty("column").GetInt32()));
        var rule = first.GetProperty("rules")[0];
        Assert.Equal(("NatWan", false, "automatic", "none"), (rule.GetProperty("key").GetString(), rule.GetProperty("secret").GetBoolean(),
            rule.GetProperty("old").GetString(), rule.GetProperty("new").GetString()));
        Assert.Equal(3, root.GetProperty("warnings").GetArrayLength());
        Assert.Equal("warning", root.GetProperty("warnings")[0].GetProperty("severity").GetString());

        Assert.True(summary.ExitCode == 0, summary.ToString());
        using var brief = JsonDocument.Parse(summary.Stdout);
        var fax = brief.RootElement.GetProperty("causes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "fax-enabled");
        Assert.Equal(9, fax.GetProperty("count").GetInt32());
        Assert.Equal(2, fax.GetProperty("definitions").GetArrayLength());
    }

    [Fact]
    public void Schema_diff_masks_secrets_and_lists_definitions_the_new_schema_rejects()
    {
        var folder = Cli.TempFolder();
        // An earlier schema in which the secret field had a default: the lines it wrote change, its value never shows.
        var baseline = File.ReadAllText(Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"))
            .Replace("\"secret\": true }", "\"secret\": true, \"default\": \"changeme-42\" }");
        Assert.Contains("changeme-42", baseline);
        File.WriteAllText(Path.Join(folder, "old.schema.json"), baseline);
        File.WriteAllText(Path.Join(folder, "a.json"), """
            [
              { "domain": "example.com", "host": "192.0.2.1", "media-relay": "no", "password": "s3cret-one" },
              { "domain": "example.com", "host": "192.0.2.2", "media-relay": "no" },
              { "domain": "example.com", "host": "192.0.2.3", "fax-enabled": "yes" }
            ]
            """);

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", "old.schema.json", "a.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("""
            'password' (AuthPassword): default changed (secret: values not shown): 1 peer changes
              [example.com/192.0.2.2]  a.json(3,3)
                AuthPassword: (secret, removed)
            """.ReplaceLineEndings("\n"), run.Stdout);
        Assert.Contains("Rejected by peer.schema.json: 1 error\n  a.json(4,51): error CR1017: 'fax-enabled' was removed from the Peer schema", run.Stdout);
        Assert.EndsWith("2 of 3 peers change; 1 rejected by the new schema.\n", run.Stdout);
        Assert.DoesNotContain("changeme-42", run.Stdout + run.Stderr);
        Assert.DoesNotContain("s3cret-one", run.Stdout + run.Stderr);

        var json = Cli.RunPeer(folder, "schema-diff", "--baseline", "old.schema.json", "a.json", "--format", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.DoesNotContain("changeme-42", json.Stdout + json.Stderr);
        Assert.DoesNotContain("s3cret-one", json.Stdout + json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        var password = document.RootElement.GetProperty("causes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "password");
        var rule = password.GetProperty("definitions")[0].GetProperty("rules")[0];
        Assert.Equal(("AuthPassword", true, true, false), (rule.GetProperty("key").GetString(), rule.GetProperty("secret").GetBoolean(),
            rule.GetProperty("hadValue").GetBoolean(), rule.GetProperty("hasValue").GetBoolean()));
        Assert.False(rule.TryGetProperty("old", out _));
        Assert.Equal("CR1017", document.RootElement.GetProperty("rejected")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Schema_diff_of_an_unreadable_baseline_is_CR3009_and_compares_nothing()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "old.schema.json"), "{ \"name\": \"Peer\", \"key\": [\"domain\"], \"fields\": 3 }");
        File.WriteAllText(Path.Join(folder, "a.json"), """{ "domain": "example.com", "host": "h" }""");

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", "old.schema.json", "a.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("old.schema.json(1,48): error CR3009: 'fields' must be an array; found a number.", run.StderrLines[0]);
        Assert.Equal("", run.Stdout);
    }

    private static string MigrationFolder()
    {
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "defs", "sub"));
        File.WriteAllText(Path.Join(folder, "defs", "a.json"), Commented);
        File.WriteAllText(Path.Join(folder, "defs", "sub", "d.json"), """{ "domain": "example.net", "host": "h", "media-relay": "no" }""");
        return folder;
    }

    private static string Snapshot(string folder) =>
        string.Join("\n", Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order().Select(f => f + ":" + File.ReadAllText(f)));
}
