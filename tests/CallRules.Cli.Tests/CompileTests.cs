using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace CallRules.Cli.Tests;

public class CompileTests
{
    private const string SamplePassword = "Sample-Only-Pa55word";

    [Fact]
    public void Compiling_the_samples_writes_the_golden_call_rules()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "compile", Cli.Samples, "--out", "out");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"Compiled 7 connections from 6 files into {Path.Join("out", "connection.rules")}.\n", run.Stdout.Replace("\r\n", "\n"));
        Assert.Equal("", run.Stderr);
        Assert.Equal(["connection.rules"], Cli.Entries(Path.Join(folder, "out")));
        GoldenFiles.AssertMatches(Path.Join(Cli.Golden, "connection.rules"), File.ReadAllBytes(Path.Join(folder, "out", "connection.rules")),
            "dotnet run --project runtime/CallRules.Cli -- compile samples/connections --out samples/golden");
    }

    [Fact]
    public void Split_by_domain_writes_one_golden_file_per_domain()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "compile", Cli.Samples, "--out", "out", "--split-by-domain");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Compiled 7 connections from 6 files into 4 files in out.\n", run.Stdout.Replace("\r\n", "\n"));
        var files = Cli.Entries(Path.Join(folder, "out"));
        Assert.Equal(["acme.example.rules", "example.com.rules", "example.net.rules", "example.org.rules"], files);
        foreach (var file in files)
            GoldenFiles.AssertMatches(Path.Join(Cli.Golden, "split", file), File.ReadAllBytes(Path.Join(folder, "out", file)),
                "dotnet run --project runtime/CallRules.Cli -- compile samples/connections --out samples/golden/split --split-by-domain");
    }

    [Fact]
    public void Validating_the_samples_succeeds_and_writes_nothing()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "validate", Cli.Samples);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Checked 7 connections in 6 files: no errors.\n", run.Stdout.Replace("\r\n", "\n"));
        Assert.Empty(Cli.Entries(folder));
    }

    [Fact]
    public void The_output_is_byte_identical_whatever_the_file_order_names_and_culture()
    {
        // Same definitions, differently arranged: renamed files, nested folders, arguments in another order, and
        // another culture and time zone in the environment.
        var folder = Cli.TempFolder();
        var shuffled = Path.Join(folder, "shuffled");
        var random = new Random(42);
        var files = Directory.GetFiles(Cli.Samples, "*.json").OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < files.Length; i++)
        {
            var target = Path.Join(shuffled, i % 2 == 0 ? "z" : "a", $"{i:D2}-{Path.GetFileName(files[i])}");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(files[i], target);
        }
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CULTURE"] = "tr-TR", ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8", ["TZ"] = "Pacific/Chatham",
        };
        var run = Cli.Run(folder, environment, "compile", Path.Join(shuffled, "z"), Path.Join(shuffled, "a"), "--out", "out");
        Assert.Equal(0, run.ExitCode);
        GoldenFiles.AssertMatches(Path.Join(Cli.Golden, "connection.rules"), File.ReadAllBytes(Path.Join(folder, "out", "connection.rules")));
    }

    [Fact]
    public void Invalid_definitions_exit_1_with_every_error_located_and_leave_the_old_output_untouched()
    {
        var folder = Cli.CopyOfSamples();
        var output = Path.Join(folder, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Join(output, "connection.rules"), "old output\n");
        File.WriteAllText(Path.Join(folder, "definitions", "broken.json"),
            "[\n  {\n    \"domain\": \"example.com\",\n    \"connection-orig-match-pattern\": \"sip*@192.0.2.99\",\n" +
            "    \"connection-sip-transport-protocol\": \"UPD\",\n    \"conection-address\": \"192.0.2.99\"\n  },\n" +
            "  {\n    \"connection-orig-match-pattern\": \"sip*@192.0.2.98\",\n    \"limits-max-active-calls-total\": \"many\"\n  }\n]\n");

        var run = Cli.Run(folder, "compile", "definitions", "--out", "out");

        Assert.Equal(1, run.ExitCode);
        var broken = Path.Join("definitions", "broken.json");
        Assert.Equal(
        [
            $"{broken}(5,5): error CR1009: 'connection-sip-transport-protocol' is 'UPD'; allowed values are 'UDP', 'TCP', 'TLS'. Did you mean 'UDP'?",
            $"{broken}(6,5): error CR1001: Unknown field 'conection-address' in a Connection definition. Did you mean 'connection-address'?",
            $"{broken}(8,3): error CR1004: 'domain' is required; set it to a non-empty string.",
            $"{broken}(10,5): error CR1003: 'limits-max-active-calls-total' must be a whole number: a JSON number such as 30, or a string of digits such as \"30\"; got the string \"many\".",
            "4 errors in 1 of 7 files; nothing written.",
        ], run.StderrLines);
        Assert.Equal("", run.Stdout);
        Assert.Equal("old output\n", File.ReadAllText(Path.Join(output, "connection.rules")));
        Assert.Equal(["connection.rules"], Cli.Entries(output));
    }

    [Fact]
    public void The_same_key_in_two_files_exits_1_naming_both_places()
    {
        var folder = Cli.CopyOfSamples();
        File.WriteAllText(Path.Join(folder, "definitions", "zz-copy.json"),
            "\n{ \"domain\": \"example.com\", \"connection-orig-match-pattern\": \"sip*@192.0.2.10\" }\n");
        var run = Cli.Run(folder, "validate", "definitions");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            $"{Path.Join("definitions", "zz-copy.json")}(2,1): error CR2001: Another connection has the same key (domain + connection-orig-match-pattern) 'example.com/sip*@192.0.2.10'; also defined at {Path.Join("definitions", "minimal.json")}(1,1). Each key may be defined once.",
            "1 error in 1 of 7 files.",
        ], run.StderrLines);
    }

    [Fact]
    public void Every_kind_of_bad_file_gets_its_own_located_error()
    {
        var folder = Cli.TempFolder();
        var input = Path.Join(folder, "in");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Join(input, "a-malformed.json"), "{\n  \"domain\": \"example.com\",\n  \"connection-orig-match-pattern\" \"x\"\n}");
        File.WriteAllBytes(Path.Join(input, "b-utf16.json"), Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{}")).ToArray());
        File.WriteAllText(Path.Join(input, "c-empty.json"), "");
        File.WriteAllText(Path.Join(input, "d-deep.json"), "[{\"description\": " + new string('[', 100) + new string(']', 100) + "}]");
        File.WriteAllText(Path.Join(input, "e-huge.json"),
            "[{\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"1*\", \"description\": \"" + new string('d', 1_200_000) + "\"}]");
        File.WriteAllText(Path.Join(input, "f-string.json"), "\"not a definition\"");
        File.WriteAllText(Path.Join(input, "g-element.json"), "[42]");

        var run = Cli.Run(folder, "validate", "in");

        Assert.Equal(1, run.ExitCode);
        string Line(string file, string rest) => Path.Join("in", file) + rest;
        Assert.Equal(
        [
            Line("a-malformed.json", "(3,35): error CR0001: The file is not valid JSON: '\"' is invalid after a property name. Expected a ':'."),
            Line("b-utf16.json", "(1,1): error CR0002: The file is UTF-16 (it starts with a UTF-16 byte-order mark); definition files must be UTF-8. Save it as UTF-8."),
            Line("c-empty.json", "(1,1): error CR0003: The file is empty; it should hold a definition object or an array of them."),
            Line("d-deep.json", "(1,80): error CR0004: The JSON is nested more than 64 levels deep here; definitions are flat objects. The rest of the file is not read."),
            Line("e-huge.json", "(1,2): error CR0005: The definition is larger than 1024 KiB; no definition needs that much. It is not read."),
            Line("f-string.json", "(1,1): error CR0006: The file holds a string; it should hold a definition object or an array of them."),
            Line("g-element.json", "(1,2): error CR0006: Element 0 of the array is a number; each element should be a definition object."),
            "7 errors in 7 of 7 files.",
        ], run.StderrLines);
    }

    [Fact]
    public void Secrets_never_appear_on_stdout_or_stderr()
    {
        var folder = Cli.CopyOfSamples();
        File.WriteAllText(Path.Join(folder, "definitions", "secrets.json"), """
            [
              { "domain": "example.com", "connection-orig-match-pattern": "s1", "connection-sip-registration-password": "Leak-Me-Not-1\n" },
              { "domain": "example.com", "connection-orig-match-pattern": "s2", "connection-sip-registration-password": 987654321 },
              { "domain": "example.com", "connection-orig-match-pattern": "s3", "connection-sip-registration-password": "Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3-Leak-Me-Not-3" },
              { "domain": "example.com", "connection-orig-match-pattern": "s4", "connection-sip-registration-password": "Leak-Me-Not-4", "connection-sip-registration-password": "Leak-Me-Not-5" }
            ]
            """);
        var runs = new[]
        {
            Cli.Run(folder, "validate", "definitions"),
            Cli.Run(folder, "compile", "definitions", "--out", "out"),
            Cli.Run(folder, "compile", Cli.Samples, "--out", "out2"),
            Cli.Run(folder, "validate", Cli.Samples),
        };
        Assert.Equal([1, 1, 0, 0], runs.Select(r => r.ExitCode));
        Assert.Contains("'connection-sip-registration-password' contains U+000A (line feed)", runs[0].Stderr);
        Assert.Contains("'connection-sip-registration-password' is 139 characters long; the maximum is 128.", runs[0].Stderr);
        foreach (var run in runs)
        {
            var all = run.Stdout + run.Stderr;
            Assert.DoesNotContain("Leak-Me-Not", all);
            Assert.DoesNotContain("987654321", all);
            Assert.DoesNotContain(SamplePassword, all);
        }
    }

    [Fact]
    public void An_unwritable_output_exits_1_with_CR3003_and_no_stack_trace()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "out"), "a file where the folder should be");
        var run = Cli.Run(folder, "compile", Cli.Samples, "--out", "out");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error CR3003: Cannot write the call rules to 'out'", run.StderrLines[0]);
        Assert.Equal("The connections are valid, but the output could not be written; no output file was changed.", run.StderrLines[^1]);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("a file where the folder should be", File.ReadAllText(Path.Join(folder, "out")));
    }

    [Fact]
    public void A_reader_of_the_output_sees_the_old_file_or_the_new_one_never_a_mix()
    {
        var folder = Cli.TempFolder();
        var path = Path.Join(folder, "out", "connection.rules");
        Assert.Equal(0, Cli.Run(folder, "compile", Path.Join(Cli.Samples, "minimal.json"), "--out", "out").ExitCode);
        var old = File.ReadAllBytes(path);
        var expected = File.ReadAllBytes(Path.Join(Cli.Golden, "connection.rules"));
        var seen = new List<byte[]>();
        var done = false;
        var reader = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                try { seen.Add(File.ReadAllBytes(path)); }
                catch (IOException) { /* between rename steps on some systems; never half a file */ }
            }
        });
        reader.Start();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, Cli.Run(folder, "compile", Cli.Samples, "--out", "out").ExitCode);
            Assert.Equal(0, Cli.Run(folder, "compile", Path.Join(Cli.Samples, "minimal.json"), "--out", "out").ExitCode);
        }
        Volatile.Write(ref done, true);
        reader.Join();
        Assert.NotEmpty(seen);
        Assert.All(seen, bytes => Assert.True(bytes.AsSpan().SequenceEqual(old) || bytes.AsSpan().SequenceEqual(expected), "a partial or mixed file was read"));
        Assert.Equal(["connection.rules"], Cli.Entries(Path.Join(folder, "out")));
    }

    [Fact]
    public void An_escaped_unpaired_surrogate_in_a_required_field_is_one_CR1012_not_a_crash()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "s.json"), "{\"domain\": \"ex\\uD800ample.com\", \"connection-orig-match-pattern\": \"x\"}");
        var run = Cli.Run(folder, "validate", "s.json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "s.json(1,2): error CR1012: 'domain' contains an escaped unpaired surrogate (a \\uD800-\\uDFFF escape without its pair); call-rule values cannot hold it.",
            "1 error in 1 of 1 file.",
        ], run.StderrLines);
    }

    [Fact]
    public void The_same_pattern_in_two_domains_compiles_with_a_CR2002_warning_and_the_documented_order()
    {
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "definitions"));
        // Written in the order a naive sort would keep: a long domain's subnet wildcard first.
        File.WriteAllText(Path.Join(folder, "definitions", "tenants.json"), """
            [
              { "domain": "a-tenant-with-a-long-name.example", "connection-orig-match-pattern": "sip*@10.1.2.*" },
              { "domain": "b.example", "connection-orig-match-pattern": "sip*@10.1.2.3" },
              { "domain": "*", "connection-orig-match-pattern": "sip*@10.1.2.3" }
            ]
            """);

        var run = Cli.Run(folder, "compile", "definitions", "--out", "out");

        Assert.Equal(0, run.ExitCode);
        var file = Path.Join("definitions", "tenants.json");
        Assert.Equal(
        [
            $"{file}(4,3): warning CR2002: This connection can never be chosen: 'b.example/sip*@10.1.2.3' ({file}(3,3)) has the same " +
            "connection-orig-match-pattern 'sip*@10.1.2.3', which a server matches first, and comes before it in the section order " +
            "(domain breaks the tie). Give one of them another connection-orig-match-pattern, or remove it.",
        ], run.StderrLines);
        Assert.Equal($"Compiled 3 connections from 1 file into {Path.Join("out", "connection.rules")}, with 1 warning.\n", run.Stdout.Replace("\r\n", "\n"));
        var sections = File.ReadAllLines(Path.Join(folder, "out", "connection.rules")).Where(l => l.StartsWith('[')).ToArray();
        Assert.Equal(["[b.example/sip*@10.1.2.3]", "[*/sip*@10.1.2.3]", "[a-tenant-with-a-long-name.example/sip*@10.1.2.*]"], sections);
    }
}
