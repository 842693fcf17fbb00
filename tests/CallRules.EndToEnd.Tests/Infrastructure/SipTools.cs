using System;
using System.Collections.Generic;
using System.IO;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the outside tools are: <c>kamailio</c> and <c>sipp</c> on PATH, and the sample in the repository.
/// </summary>
internal static class SipTools
{
    /// <summary>Set to <c>1</c> (CI does) to make a missing tool a test failure instead of a skip.</summary>
    public const string RequireVariable = "CALLRULES_REQUIRE_SIP";

    public static readonly string[] ToolNames = ["kamailio", "sipp"];

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The tools in <see cref="ToolNames"/> that are not on PATH.</summary>
    public static IReadOnlyList<string> MissingTools()
    {
        var missing = new List<string>();
        foreach (var tool in ToolNames)
            if (FindOnPath(tool) is null) missing.Add(tool);
        return missing;
    }

    /// <summary>Fails with a message that says what to install, when a tool is missing.</summary>
    public static void EnsureAvailable()
    {
        var missing = MissingTools();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"{string.Join(" and ", missing)} not found on PATH, and {RequireVariable}=1 requires the end-to-end SIP tests to run. " +
                "Install them with samples/kamailio/install-deps.sh (Debian: kamailio, kamailio-python3-modules, sip-tester).");
    }

    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The repository's root (the folder of Compiler.sln).</summary>
    public static string RepositoryRoot => TestSupport.RepositoryRoot.Path;

    public static string SampleFolder => Path.Combine(RepositoryRoot, "samples", "kamailio");

    public static string RunScript => Path.Combine(SampleFolder, "run.sh");

    public static string ReloadScript => Path.Combine(SampleFolder, "reload.sh");

    public static string Scenario(string fileName) => Path.Combine(SampleFolder, "sipp", fileName);
}
