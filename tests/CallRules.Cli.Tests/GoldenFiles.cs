using System;
using System.IO;
using System.Text;

namespace CallRules.Cli.Tests;

/// <summary>
/// Compares produced files with the files committed in the repository (golden call rules, generated references). To
/// accept a deliberate change, run the command the failure names (or the tests with CALLRULES_UPDATE_GOLDEN=1), then
/// review the diff like code.
/// </summary>
internal static class GoldenFiles
{
    private static bool Updating => Environment.GetEnvironmentVariable("CALLRULES_UPDATE_GOLDEN") == "1";

    /// <param name="goldenPath">The committed file.</param>
    /// <param name="actual">What the code produces today.</param>
    /// <param name="refresh">The command, run from the repository root, that rewrites the committed file.</param>
    public static void AssertMatches(string goldenPath, byte[] actual, string? refresh = null)
    {
        var how = refresh is null
            ? "run the tests with CALLRULES_UPDATE_GOLDEN=1"
            : $"run, from the repository root: {refresh}";
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
            File.WriteAllBytes(goldenPath, actual);
            return;
        }
        Assert.True(File.Exists(goldenPath), $"No file {goldenPath}; to create it, {how}.");
        var expected = File.ReadAllBytes(goldenPath);
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
        var actualLines = Encoding.UTF8.GetString(actual).Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line]) line++;
        Assert.Fail(
            $"{goldenPath} is stale: it is not what the code produces now. To refresh it, {how}, and review the diff.\n" +
            $"First difference at line {line + 1}:\n" +
            $"  committed: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n" +
            $"  produced:  {(line < actualLines.Length ? actualLines[line] : "(end of file)")}");
    }
}
