using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CallRules.Generator.Tests.Infrastructure;

namespace CallRules.Generator.Tests;

/// <summary>The README's schema-error example is what the generator reports for that mistake in the real schema.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_readme_CRG002_example_is_the_real_diagnostic_for_that_misspelling_in_the_connection_schema()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var example = Regex.Match(readme, @"`connection\.schema\.json\((\d+),(\d+)\): error (CRG\d+): ('(\w+)' [^`]*did you mean '(\w+)'\?)`");
        Assert.True(example.Success, "The README no longer shows a CRG002 example of a misspelt keyword in connection.schema.json.");
        var line = int.Parse(example.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var misspelt = example.Groups[5].Value;
        var meant = example.Groups[6].Value;

        // The example misspells the keyword on that line of the real schema.
        var lines = RepositoryFiles.ConnectionSchema.Split('\n');
        Assert.Contains($"\"{meant}\"", lines[line - 1]);
        lines[line - 1] = lines[line - 1].Replace($"\"{meant}\"", $"\"{misspelt}\"");
        var run = GeneratorHarness.Run(string.Join('\n', lines), "connection.schema.json");

        var diagnostic = run.SingleDiagnostic();
        Assert.Equal($"{example.Groups[3].Value} ({line},{example.Groups[2].Value}): {example.Groups[4].Value}", GeneratorRun.Describe(diagnostic));
    }
}
