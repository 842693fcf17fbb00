using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallRules.Fuzz;

namespace CallRules.Cli.Tests;

/// <summary>
/// The fuzz targets' properties (tests/Fuzz, docs/fuzzing.md) over every input a campaign saved as a crash or a hang
/// (tests/Fuzz/regressions/TARGET), the seed corpus and the samples: each must hold them, so a fixed finding stays
/// fixed without afl-fuzz installed.
/// </summary>
public class FuzzRegressionTests
{
    private static string Fuzz => Path.Join(Cli.RepositoryRoot, "tests", "Fuzz");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All.Keys)
        {
            var folders = new List<string> { Path.Join(Fuzz, "regressions", target), Path.Join(Fuzz, "seeds", target) };
            folders.Add(target == "definitions" ? Cli.Samples : Cli.Golden);
            foreach (var file in folders.Where(Directory.Exists)
                         .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
                         .Where(f => target == "definitions" ? !f.EndsWith(".rules") : f.EndsWith(".rules") || f.Contains("regressions"))
                         .Order())
                data.Add(target, Path.GetRelativePath(Cli.RepositoryRoot, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_saved_input_keeps_the_targets_properties(string target, string file)
    {
        var failure = FuzzReplay.Run(FuzzTargets.All[target], File.ReadAllBytes(Path.Join(Cli.RepositoryRoot, file)));

        Assert.True(failure is null, $"{file}: {failure}");
    }

    [Fact]
    public void The_checks_find_a_broken_property()
    {
        // A check that cannot fail is no check: a target that throws is reported, with the exception's message.
        var failure = FuzzReplay.Run(_ => throw new FuzzPropertyException("made to fail"), [1, 2, 3]);

        Assert.NotNull(failure);
        Assert.StartsWith("FuzzPropertyException: made to fail", failure);
    }
}
