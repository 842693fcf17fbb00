using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace CallRules.Cli.Tests;

/// <summary>fmt as a process: canonical form, --check for CI, comments kept, invalid files untouched.</summary>
public class FmtTests
{
    private static string[] SampleFiles() => Directory.GetFiles(Cli.Samples, "*.json").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_samples_are_canonical_so_fmt_changes_nothing()
    {
        var check = Cli.Run(Cli.RepositoryRoot, "fmt", "--check", Path.Join("samples", "connections"));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal("", check.Stdout);
        Assert.Equal($"{SampleFiles().Length} files in canonical form.\n", check.Stderr.Replace("\r\n", "\n"));

        var folder = Cli.CopyOfSamples();
        var run = Cli.Run(folder, "fmt", "definitions");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        foreach (var sample in SampleFiles())
            Assert.Equal(File.ReadAllBytes(sample), File.ReadAllBytes(Path.Join(folder, "definitions", Path.GetFileName(sample))));
    }

    /// <summary>
    /// Each sample with its properties in a shuffled order, integers as strings of digits, a null property, CRLF line
    /// ends, tabs or one long line, and a byte-order mark: the same definitions, in anything but canonical form.
    /// </summary>
    private static string ShuffledSamples()
    {
        var folder = Cli.TempFolder();
        var definitions = Path.Join(folder, "definitions");
        Directory.CreateDirectory(definitions);
        var random = new Random(20261202);
        var files = SampleFiles();
        for (var i = 0; i < files.Length; i++)
        {
            var root = JsonNode.Parse(File.ReadAllText(files[i]))!;
            var objects = root is JsonArray array ? array.Select(e => e!.AsObject()).ToList() : [root.AsObject()];
            var text = new StringBuilder();
            text.Append(root is JsonArray ? "[\r\n" : "");
            for (var o = 0; o < objects.Count; o++)
            {
                var properties = objects[o].Select(p => (p.Key, Value: p.Value!.ToJsonString())).ToList();
                properties = [.. properties.OrderBy(_ => random.Next())];
                properties = [.. properties.Select(p => p.Value.All(char.IsAsciiDigit) ? (p.Key, $"\"{p.Value}\"") : p)];
                // A field the definition does not set, as null: the same as absent, and canonical form leaves it out.
                var unset = new[] { "dial-policy", "time-zone" }.First(f => !objects[o].ContainsKey(f));
                properties.Insert(random.Next(properties.Count + 1), (unset, "null"));
                var separator = i % 2 == 0 ? ",\r\n\t\t" : ", ";
                text.Append(i % 2 == 0 ? "\t{\r\n\t\t" : "{ ")
                    .Append(string.Join(separator, properties.Select(p => $"\"{p.Key}\" :  {p.Value}")))
                    .Append(i % 2 == 0 ? "\r\n\t}" : " }")
                    .Append(o < objects.Count - 1 ? ",\r\n" : "");
            }
            text.Append(root is JsonArray ? "\r\n]" : "");
            File.WriteAllText(Path.Join(definitions, Path.GetFileName(files[i])), text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: i == 0));
        }
        return folder;
    }

    [Fact]
    public void A_shuffled_reindented_copy_fails_the_check_and_fmt_restores_the_samples_byte_for_byte()
    {
        var folder = ShuffledSamples();
        var names = SampleFiles().Select(f => Path.Join("definitions", Path.GetFileName(f))).ToArray();
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "before").ExitCode);
        var shuffled = names.Select(n => File.ReadAllBytes(Path.Join(folder, n))).ToArray();

        var check = Cli.Run(folder, "fmt", "--check", "definitions");
        Assert.Equal(1, check.ExitCode);
        Assert.Equal(names, Readme.Lines(check.Stdout));
        Assert.Equal($"{names.Length} of {names.Length} files are not in canonical form; run 'callrules fmt' to rewrite them.\n", check.Stderr.Replace("\r\n", "\n"));
        for (var i = 0; i < names.Length; i++)
            Assert.Equal(shuffled[i], File.ReadAllBytes(Path.Join(folder, names[i]))); // --check changes nothing

        var run = Cli.Run(folder, "fmt", "definitions");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(names, Readme.Lines(run.Stdout));
        Assert.Equal($"Formatted {names.Length} of {names.Length} files.\n", run.Stderr.Replace("\r\n", "\n"));
        foreach (var sample in SampleFiles())
            Assert.Equal(File.ReadAllText(sample), File.ReadAllText(Path.Join(folder, "definitions", Path.GetFileName(sample))));

        Assert.Equal(0, Cli.Run(folder, "fmt", "--check", "definitions").ExitCode);
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "after").ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Join(folder, "before", "connection.rules")), File.ReadAllBytes(Path.Join(folder, "after", "connection.rules")));
        GoldenFiles.AssertMatches(Path.Join(Cli.Golden, "connection.rules"), File.ReadAllBytes(Path.Join(folder, "after", "connection.rules")));
    }

    private const string Commented = """
        // Carrier trunks, owned by the voice team.
        [ // the main carrier first
          {
            "$schema": "../connection.definitions.json",
            /* who asked for it */ "description": "Main carrier", // ticket 42
            "domain":   "example.com",   // the tenant
            "connection-orig-match-pattern": "sip*@192.0.2.1",
            // agreed in the contract,
            // renewed yearly
            "limits-max-active-calls-total": "30" /* thirty */
            // (end of the first)
          } // first
          ,
          {"domain": "example.org", "connection-orig-match-pattern": "x*" /* short */}
          // more to come
        ]
        // end of file

        """;

    private const string CommentedCanonical = """
        // Carrier trunks, owned by the voice team.
        [
          // the main carrier first
          {
            "$schema": "../connection.definitions.json",
            "connection-orig-match-pattern": "sip*@192.0.2.1",
            "domain": "example.com", // the tenant
            /* who asked for it */
            "description": "Main carrier", // ticket 42
            // agreed in the contract,
            // renewed yearly
            "limits-max-active-calls-total": 30 /* thirty */
            // (end of the first)
          }, // first
          {
            "connection-orig-match-pattern": "x*", /* short */
            "domain": "example.org"
          }
          // more to come
        ]
        // end of file

        """;

    [Fact]
    public void Comments_are_kept_with_the_property_or_definition_they_belong_to()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "trunks.json"), Commented);
        Assert.Equal(0, Cli.Run(folder, "compile", "trunks.json", "--out", "before").ExitCode);

        var run = Cli.Run(folder, "fmt", "trunks.json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("trunks.json\n", run.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(CommentedCanonical.Replace("\r\n", "\n"), File.ReadAllText(Path.Join(folder, "trunks.json")));

        // Canonical now: a second run changes nothing, and the call rules are the same.
        Assert.Equal(0, Cli.Run(folder, "fmt", "--check", "trunks.json").ExitCode);
        Assert.Equal(0, Cli.Run(folder, "compile", "trunks.json", "--out", "after").ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Join(folder, "before", "connection.rules")), File.ReadAllBytes(Path.Join(folder, "after", "connection.rules")));
    }

    [Fact]
    public void A_comment_with_no_place_in_canonical_form_leaves_the_file_as_it_is_with_a_note()
    {
        var folder = Cli.TempFolder();
        const string text = "{\"domain\": /* the tenant */ \"example.com\", \"connection-orig-match-pattern\": \"x*\"}";
        File.WriteAllText(Path.Join(folder, "a.json"), text);

        var run = Cli.Run(folder, "fmt", "a.json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            [
                "note: a.json: it holds a comment at line 1, column 12, between 'domain' and its value; canonical form has no place for that comment, so the file is left as it is (move the comment next to a property to let fmt rewrite the file).",
                "1 file not in canonical form with a comment fmt cannot place, left as it is (see the note).",
            ], run.StderrLines);
        Assert.Equal(text, File.ReadAllText(Path.Join(folder, "a.json")));

        var check = Cli.Run(folder, "fmt", "--check", "a.json");
        Assert.Equal(1, check.ExitCode);
        Assert.Equal("a.json\n", check.Stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void An_invalid_file_gets_located_errors_and_is_not_touched_while_the_others_are_formatted()
    {
        var folder = Cli.TempFolder();
        const string bad = "{\n  \"domain\": \"example.com\",\n  \"connection-orig-match-pattern\": \"x*\",\n  \"conection-address\": \"192.0.2.1\"\n}";
        const string broken = "[{\"domain\": \"example.com\",}]";
        File.WriteAllText(Path.Join(folder, "bad.json"), bad);
        File.WriteAllText(Path.Join(folder, "broken.json"), broken);
        File.WriteAllText(Path.Join(folder, "good.json"), "{\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"y*\"}");

        var run = Cli.Run(folder, "fmt", ".");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Path.Join(".", "good.json") + "\n", run.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(3, run.StderrLines.Length);
        Assert.StartsWith($"{Path.Join(".", "bad.json")}(4,3): error CR1001: Unknown field 'conection-address'", run.StderrLines[0]);
        Assert.StartsWith($"{Path.Join(".", "broken.json")}(1,27): error CR0001: ", run.StderrLines[1]);
        Assert.Equal("Formatted 1 of 3 files. 2 files with errors, not touched.", run.StderrLines[2]);
        Assert.Equal(bad, File.ReadAllText(Path.Join(folder, "bad.json")));
        Assert.Equal(broken, File.ReadAllText(Path.Join(folder, "broken.json")));
        Assert.Equal("{\n  \"connection-orig-match-pattern\": \"y*\",\n  \"domain\": \"example.com\"\n}\n", File.ReadAllText(Path.Join(folder, "good.json")));
    }

    [Fact]
    public void A_rewritten_file_keeps_its_permissions_and_leaves_no_temporary_file()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = Cli.TempFolder();
        var path = Path.Join(folder, "secret.json");
        File.WriteAllText(path, "{\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"y*\", \"connection-sip-registration-password\": \"Very-Secret-1\"}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // What a killed fmt leaves behind (its process, id 2^22, cannot run): removed by the next run.
        File.WriteAllText(Path.Join(folder, ".secret.json.4194304.0123456789abcdef.tmp"), "{\"connection-sip-registration-password\": \"Very-Secret-1\"");

        var run = Cli.Run(folder, "fmt", "secret.json");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("Very-Secret-1", run.Stdout + run.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["secret.json"], Cli.Entries(folder));
    }

    [Fact]
    public void A_file_reached_through_a_symbolic_link_is_rewritten_where_it_lives_and_the_link_stays()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "real"));
        File.WriteAllText(Path.Join(folder, "real", "trunk.json"), "{\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"y*\"}");
        File.CreateSymbolicLink(Path.Join(folder, "trunk.json"), Path.Join("real", "trunk.json"));

        var run = Cli.Run(folder, "fmt", "trunk.json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.NotNull(new FileInfo(Path.Join(folder, "trunk.json")).LinkTarget);
        Assert.Equal("{\n  \"connection-orig-match-pattern\": \"y*\",\n  \"domain\": \"example.com\"\n}\n", File.ReadAllText(Path.Join(folder, "real", "trunk.json")));
        Assert.Equal(["trunk.json"], Cli.Entries(Path.Join(folder, "real")));
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var folder = Cli.TempFolder();
        var none = Cli.Run(folder, "fmt");
        Assert.Equal(2, none.ExitCode);
        Assert.Equal("callrules: error: 'fmt' needs at least one definition file or folder.", none.StderrLines[0]);
        var missing = Cli.Run(folder, "fmt", "--check", "nowhere");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("error CR3001: 'nowhere' does not exist.", missing.StderrLines[0]);
    }
}
