using System.IO;

namespace CallRules.Cli.Tests;

/// <summary>The README's examples are what the CLI prints.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void The_validate_example_is_real_output()
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
        var run = Cli.Run(folder, "validate", "bad");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Readme.Transcript("README.md", "callrules validate bad"), Readme.Lines(run.Stderr));
    }
}
