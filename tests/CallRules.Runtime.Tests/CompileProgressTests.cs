using System.IO;
using System.Linq;
using System.Text;
using CallRules.Runtime.Pipeline;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The counts a progress display reads: at the end of a run they are the files and definitions of the run, whichever
/// way the files were framed, including files the fast splitter gave back to the framer (read twice, counted once) and
/// a run done again because a file changed between the passes.
/// </summary>
public class CompileProgressTests
{
    private static byte[] Trunks(string zone, int count, string tail = "") =>
        Encoding.UTF8.GetBytes("[" + string.Join(",\n", Enumerable.Range(0, count).Select(i => Trunk($"{zone}{i}", $"{i}"))) + tail + "]");

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void At_the_end_the_counts_are_the_runs_files_and_definitions(int parallelism, bool fastSplit)
    {
        var progress = new CompileProgress();
        var options = new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = 512, FastSplit = fastSplit, Progress = progress };
        // The second file holds a comment, so the splitter gives it back and the framer reads it again.
        using var result = Compile(options, File("a.json", Trunks("a", 700)), File("b.json", Trunks("b", 300, " /* end */")), File("c.json", Trunks("c", 5)));
        Assert.Empty(result.Errors);
        Assert.Equal(1005, result.DefinitionCount);
        Assert.Equal(3, progress.FilesRead);
        Assert.Equal(1005, progress.DefinitionsChecked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_run_done_again_counts_from_nothing(int parallelism)
    {
        var file = new FileChangedBetweenPasses();
        var progress = new CompileProgress();
        using var result = Compile(new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = 512, Progress = progress }, file.Input);
        Assert.Empty(result.Errors);
        Assert.Equal(1, progress.FilesRead);
        Assert.Equal(300, progress.DefinitionsChecked);
    }
}
