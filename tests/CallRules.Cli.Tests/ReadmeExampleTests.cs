using System.IO;

namespace CallRules.Cli.Tests;

/// <summary>The README's examples are what the CLI prints.</summary>
public class ReadmeExampleTests
{
    /// <summary>A folder with bad/trunk.json, whose lines 4 and 5 hold the errors the README's examples show.</summary>
    private static string BadTrunk()
    {
        var folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Join(folder, "bad"));
        File.WriteAllText(Path.Join(folder, "bad", "trunk.json"), """
            {
              "domain": "example.com",
              "connection-orig-match-pattern": "sip*@203.0.113.20",
              "conection-address": "203.0.113.20",
              "connection-sip-transport-protocol": "UPD"
            }

            """);
        return folder;
    }

    [Fact]
    public void The_validate_example_is_real_output()
    {
        var folder = BadTrunk();
        var run = Cli.Run(folder, "validate", "bad");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Readme.Transcript("README.md", "callrules validate bad"), Readme.Lines(run.Stderr));
    }

    /// <summary>The samples deployed, then a password rotated, a limit raised and a connection removed.</summary>
    private static string ChangedSinceDeployed()
    {
        var folder = Cli.CopyOfSamples();
        Assert.Equal(0, Cli.Run(folder, "compile", "definitions", "--out", "deployed").ExitCode);
        var definitions = Path.Join(folder, "definitions");
        File.Delete(Path.Join(definitions, "tls-encrypted.json"));
        var outbound = Path.Join(definitions, "outbound-carrier.json");
        File.WriteAllText(outbound, File.ReadAllText(outbound).Replace("\"limits-max-active-calls-total\": 50", "\"limits-max-active-calls-total\": 60"));
        var pbx = Path.Join(definitions, "pbx-registration.json");
        File.WriteAllText(pbx, File.ReadAllText(pbx).Replace("Sample-Only-Pa55word", "Rotated-Pa55word-2"));
        return folder;
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/cli.md")]
    public void The_plan_example_is_real_output(string document)
    {
        var run = Cli.Run(ChangedSinceDeployed(), "plan", "definitions", "--against", "deployed/connection.rules");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Readme.Transcript(document, "callrules plan definitions --against deployed/connection.rules"), Readme.Lines(run.Stdout));
    }

    [Fact]
    public void The_json_example_of_docs_cli_is_real_output()
    {
        var folder = BadTrunk();
        var run = Cli.Run(folder, "validate", "bad", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Readme.Transcript("docs/cli.md", "callrules validate bad --format json"), Readme.Lines(run.Stdout));
    }

    [Fact]
    public void The_fmt_example_of_docs_cli_is_real_output()
    {
        var folder = Cli.CopyOfSamples();
        File.WriteAllText(Path.Join(folder, "definitions", "new-trunk.json"),
            "{ \"domain\": \"example.com\", \"connection-orig-match-pattern\": \"sip*@198.51.100.20\" }");

        var check = Cli.Run(folder, "fmt", "--check", "definitions");
        Assert.Equal(1, check.ExitCode);
        Assert.Equal(Readme.Transcript("docs/cli.md", "callrules fmt --check definitions"), [.. Readme.Lines(check.Stdout), .. Readme.Lines(check.Stderr)]);
        var run = Cli.Run(folder, "fmt", "definitions");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Readme.Transcript("docs/cli.md", "callrules fmt definitions"), [.. Readme.Lines(run.Stdout), .. Readme.Lines(run.Stderr)]);
    }
}
