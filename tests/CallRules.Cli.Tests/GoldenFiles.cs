using System;
using System.IO;

namespace CallRules.Cli.Tests;

/// <summary>
/// Compares produced files with the golden files committed under samples/golden. To accept a deliberate change,
/// run the tests with CALLRULES_UPDATE_GOLDEN=1, then review the diff like code.
/// </summary>
internal static class GoldenFiles
{
    private static bool Updating => Environment.GetEnvironmentVariable("CALLRULES_UPDATE_GOLDEN") == "1";

    public static void AssertMatches(string goldenPath, byte[] actual)
    {
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
            File.WriteAllBytes(goldenPath, actual);
            return;
        }
        Assert.True(File.Exists(goldenPath), $"No golden file {goldenPath}; run with CALLRULES_UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllBytes(goldenPath);
        if (expected.AsSpan().SequenceEqual(actual)) return;
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Fail($"{goldenPath} differs in bytes only (line ends or encoding).");
    }
}
