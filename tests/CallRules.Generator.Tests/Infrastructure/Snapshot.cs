using System;
using System.IO;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed <c>Snapshots/{name}.verified.cs</c>. On a mismatch it writes
/// <c>{name}.received.cs</c> beside it (ignored by git) and fails with where they differ; with
/// <c>CALLRULES_ACCEPT_SNAPSHOTS=1</c> it accepts the text as the new verified snapshot instead.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "CALLRULES_ACCEPT_SNAPSHOTS";

    public static string Folder => RepositoryFiles.PathOf("tests/CallRules.Generator.Tests/Snapshots");

    public static void Verify(string name, string actual)
    {
        var verifiedPath = Path.Combine(Folder, name + ".verified.cs");
        var receivedPath = Path.Combine(Folder, name + ".received.cs");
        actual = Normalize(actual);
        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        var hint = $"Review it with `diff {verifiedPath} {receivedPath}`; if the change is right, accept it by running the tests with {AcceptVariable}=1 (or renaming the .received.cs file to .verified.cs).";
        if (verified is null)
            Assert.Fail($"There is no verified snapshot {name}.verified.cs yet; the output was written to {receivedPath}. {hint}");
        Assert.Fail($"The generated text differs from {name}.verified.cs {FirstDifference(verified, actual)}. {hint}");
    }

    // Git may check files out with CRLF line ends; the generator always writes LF. The generator's version in
    // [GeneratedCode(...)] is scrubbed, so a version bump changes no snapshot.
    private static string Normalize(string text) =>
        s_generatorVersion.Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), ScrubbedVersion);

    private const string ScrubbedVersion = "GeneratedCode(\"CallRules.Generator\", \"VERSION\")";

    private static readonly System.Text.RegularExpressions.Regex s_generatorVersion =
        new(@"GeneratedCode\(""CallRules\.Generator"", ""[^""]*""\)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "(end of file)";
            var a = i < actualLines.Length ? actualLines[i] : "(end of file)";
            if (e != a)
                return $"first at line {i + 1}:\n  verified: {e.Trim()}\n  received: {a.Trim()}\n";
        }
        return "";
    }
}
