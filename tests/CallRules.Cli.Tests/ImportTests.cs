using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using CallRules.Benchmarks.Data;

namespace CallRules.Cli.Tests;

/// <summary>import as a process: call rules back to definitions that compile to the same bytes, and a NetSapiens export.</summary>
public class ImportTests
{
    private static string Fixture(string name) => Path.Join(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Importing_the_golden_call_rules_gives_definitions_that_compile_back_byte_for_byte()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "import", Path.Join(Cli.Golden, "connection.rules"), "--out", "defs");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.EndsWith("into 4 files in defs.\n", run.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(["acme.example.json", "example.com.json", "example.net.json", "example.org.json"], Cli.Entries(Path.Join(folder, "defs")));
        Assert.Equal(0, Cli.Run(folder, "compile", "defs", "--out", "out").ExitCode);
        GoldenFiles.AssertMatches(Path.Join(Cli.Golden, "connection.rules"), File.ReadAllBytes(Path.Join(folder, "out", "connection.rules")));

        // One array per domain, $schema first in each definition, and no value that equals its default.
        using var acme = JsonDocument.Parse(File.ReadAllText(Path.Join(folder, "defs", "acme.example.json")));
        var definition = Assert.Single(acme.RootElement.EnumerateArray().ToArray());
        Assert.Equal("$schema", definition.EnumerateObject().First().Name);
        Assert.False(definition.TryGetProperty("connection-term-match-pattern", out _)); // = the origination pattern
        Assert.False(definition.TryGetProperty("connection-orig-enabled", out _));       // = its default 'yes'
        Assert.Equal("optional", definition.GetProperty("connection-audio-relay-enabled").GetString()); // 'none' mapped back
    }

    [Fact]
    public void Importing_the_split_layout_gives_the_same_files_back()
    {
        var folder = Cli.TempFolder();
        Assert.Equal(0, Cli.Run(folder, "import", Path.Join(Cli.Golden, "split"), "--out", "defs").ExitCode);
        Assert.Equal(0, Cli.Run(folder, "compile", "defs", "--out", "out", "--split-by-domain").ExitCode);
        foreach (var file in Cli.Entries(Path.Join(Cli.Golden, "split")))
            GoldenFiles.AssertMatches(Path.Join(Cli.Golden, "split", file), File.ReadAllBytes(Path.Join(folder, "out", file)));
    }

    [Fact]
    public void Two_thousand_generated_definitions_round_trip_byte_for_byte()
    {
        var folder = Cli.TempFolder();
        File.WriteAllBytes(Path.Join(folder, "generated.json"), new ConnectionDataGenerator(seed: 11, domainCount: 40).CreateArray(2000));
        Assert.Equal(0, Cli.Run(folder, "compile", "generated.json", "--out", "first").ExitCode);

        var import = Cli.Run(folder, "import", Path.Join("first", "connection.rules"), "--out", "imported");
        Assert.Equal(0, import.ExitCode);
        Assert.Equal(0, Cli.Run(folder, "compile", "imported", "--out", "second").ExitCode);

        var first = File.ReadAllBytes(Path.Join(folder, "first", "connection.rules"));
        Assert.True(first.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Join(folder, "second", "connection.rules"))), "the recompiled call rules differ");
        Assert.Equal(2000, CountSections(first));
    }

    private static int CountSections(byte[] rules) =>
        System.Text.Encoding.UTF8.GetString(rules).Split('\n').Count(l => l.StartsWith('['));

    [Fact]
    public void A_netsapiens_export_becomes_definitions_without_its_read_only_fields()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "import", "--from", "netsapiens", Fixture("netsapiens-connections.json"), "--out", "defs");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["note: dropped 5 fields that the create request does not take (read-only in the API's response): active-calls-orig-current, active-calls-term-current, active-calls-total-current, connection-sip-registration-datetime, last-modified-datetime."],
            run.StderrLines);
        Assert.DoesNotContain("Export-Secret-9", run.Stdout + run.Stderr);
        Assert.Equal(["acme.example.json", "example.com.json"], Cli.Entries(Path.Join(folder, "defs")));
        var text = File.ReadAllText(Path.Join(folder, "defs", "example.com.json"));
        Assert.DoesNotContain("-current", text);
        Assert.DoesNotContain("last-modified", text);
        Assert.Contains("\"limits-max-active-calls-orig\": 200", text); // the API's "200" as a number
        Assert.DoesNotContain("connection-term-match-pattern", text);    // equal to the origination pattern

        var validate = Cli.Run(folder, "validate", "defs");
        Assert.Equal(0, validate.ExitCode);
        Assert.Equal("Checked 3 connections in 2 files: no errors.", validate.Stdout.Trim());
    }

    [Fact]
    public void An_invalid_export_gets_located_errors_and_nothing_is_written()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "bad.json"), """
            [
              {
                "connection-orig-match-pattern": "sip*@198.51.100.10",
                "domain": "example.com",
                "connection-sip-transport-protocol": "UPD",
                "last-modified-datetime": "2025-05-19 02:41:11"
              }
            ]
            """);
        var run = Cli.Run(folder, "import", "--from", "netsapiens", "bad.json", "--out", "defs");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "bad.json(5,5): error CR1009: 'connection-sip-transport-protocol' is 'UPD'; allowed values are 'UDP', 'TCP', 'TLS'. Did you mean 'UDP'?",
            "1 error; nothing imported.",
        ], run.StderrLines);
        Assert.False(Directory.Exists(Path.Join(folder, "defs")));
    }

    [Fact]
    public void A_hand_edited_section_that_cannot_compile_back_is_an_error_at_its_line()
    {
        var folder = Cli.TempFolder();
        var golden = File.ReadAllText(Path.Join(Cli.Golden, "connection.rules"));
        // Drop a line compile always writes, and give a mapped key a value no field value maps to.
        File.WriteAllText(Path.Join(folder, "edited.rules"), golden.Replace("NatWan=none\n", "").Replace("Transport=TLS\n", "Transport=SCTP\n"));
        var run = Cli.Run(folder, "import", "edited.rules", "--out", "defs");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.StderrLines, l => l.StartsWith("edited.rules(", StringComparison.Ordinal) && l.Contains("error CR1009: [example.org/sips*@secure.example.org] Transport is not a value 'connection-sip-transport-protocol' writes; got 'SCTP'; it writes 'UDP', 'TCP', 'TLS'.", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Join(folder, "defs")));

        File.WriteAllText(Path.Join(folder, "edited.rules"), golden.Replace("NatWan=none\n", ""));
        var missing = Cli.Run(folder, "import", "edited.rules", "--out", "defs");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error CR3004: [acme.example/sip*@192.0.2.50] cannot be imported so that it compiles back to the same call rules: NatWan would be added.", missing.Stderr);
        Assert.False(Directory.Exists(Path.Join(folder, "defs")));
    }

    [Fact]
    public void A_section_named_otherwise_than_its_key_rules_is_an_error_at_the_section()
    {
        // Found by fuzzing: a section whose rules give another key compiled back to another section, and the error
        // named neither a file nor a line, and called every rule of it added.
        var folder = Cli.TempFolder();
        var golden = File.ReadAllText(Path.Join(Cli.Golden, "connection.rules"));
        var start = golden.IndexOf("[acme.example/sip*@192.0.2.50]\n", StringComparison.Ordinal);
        var end = golden.IndexOf("\n\n", start, StringComparison.Ordinal);
        var section = golden[start..(end < 0 ? golden.Length : end + 1)];
        File.WriteAllText(Path.Join(folder, "renamed.rules"), "# edited\n\n" + section.Replace("Domain=acme.example\n", "Domain=acme.exampl5\n"));

        var run = Cli.Run(folder, "import", "renamed.rules", "--out", "defs");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "renamed.rules(3,1): error CR3004: [acme.example/sip*@192.0.2.50] is not named after its key: its rules give the key (domain + connection-orig-match-pattern) 'acme.exampl5/sip*@192.0.2.50', which compile writes as [acme.exampl5/sip*@192.0.2.50]. Rename the section or correct Domain.",
            "1 error; nothing imported.",
        ], run.StderrLines);
        Assert.False(Directory.Exists(Path.Join(folder, "defs")));
    }

    [Fact]
    public void Import_never_overwrites_definition_files()
    {
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "defs"));
        File.WriteAllText(Path.Join(folder, "defs", "example.com.json"), "mine");
        var run = Cli.Run(folder, "import", Path.Join(Cli.Golden, "connection.rules"), "--out", "defs");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error CR3003: '{Path.Join("defs", "example.com.json")}' exists; import writes new files only.", run.StderrLines[0]);
        Assert.Equal("mine", File.ReadAllText(Path.Join(folder, "defs", "example.com.json")));
        Assert.Equal(["example.com.json"], Cli.Entries(Path.Join(folder, "defs")));
    }

    [Fact]
    public void Imported_files_hold_secrets_so_others_cannot_read_them_and_no_temporary_file_is_left()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = Cli.TempFolder();
        Assert.Equal(0, Cli.Run(folder, "import", Path.Join(Cli.Golden, "connection.rules"), "--out", "defs").ExitCode);
        foreach (var file in Directory.GetFiles(Path.Join(folder, "defs")))
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(file) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
        Assert.Empty(Directory.GetFiles(Path.Join(folder, "defs"), ".*"));
    }

    [Fact]
    public void The_import_examples_of_docs_cli_are_real_output()
    {
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "deployed"));
        File.Copy(Path.Join(Cli.Golden, "connection.rules"), Path.Join(folder, "deployed", "connection.rules"));
        File.Copy(Fixture("netsapiens-connections.json"), Path.Join(folder, "connections.json"));

        var rules = Cli.Run(folder, "import", "deployed/connection.rules", "--out", "definitions");
        var export = Cli.Run(Cli.TempFolder(), "import", "--from", "netsapiens", Path.Join(folder, "connections.json"), "--out", Path.Join(folder, "from-api"));
        var exportHere = Cli.Run(folder, "import", "--from", "netsapiens", "connections.json", "--out", "from-api-2");

        Assert.Equal(Readme.Transcript("docs/cli.md", "callrules import deployed/connection.rules --out definitions"), Readme.Lines(rules.Stdout));
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(Readme.Transcript("docs/cli.md", "callrules import --from netsapiens connections.json --out definitions"),
            Readme.Lines(exportHere.Stderr + exportHere.Stdout.Replace("from-api-2", "definitions")));
    }
}
