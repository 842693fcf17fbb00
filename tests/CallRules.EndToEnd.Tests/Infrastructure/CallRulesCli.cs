using System;
using System.IO;
using System.Threading.Tasks;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The <c>callrules</c> CLI, run as a process the way an operator runs it:
/// <c>dotnet callrules.dll compile &lt;definitions&gt; --out &lt;folder&gt;</c>, which writes <c>&lt;folder&gt;/connection.rules</c>.
/// The test project references runtime/CallRules.Cli, so callrules.dll sits beside the test binaries.
/// </summary>
internal static class CallRulesCli
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "callrules.dll");

    /// <summary>The <c>dotnet</c> that runs the tests (set by the SDK), or <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Compiles <paramref name="definitionsFolder"/>; returns the path of the call-rule file, or fails with the CLI's output.</summary>
    public static async Task<string> CompileAsync(string definitionsFolder, string outFolder)
    {
        if (!File.Exists(DllPath))
            throw new InvalidOperationException(
                $"The callrules CLI is not beside the tests ({DllPath}): the end-to-end tests compile definitions with it. " +
                "Build runtime/CallRules.Cli (referenced by this test project).");
        await using var cli = ChildProcess.Start(DotnetHost, [DllPath, "compile", definitionsFolder, "--out", outFolder], definitionsFolder);
        var exitCode = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var rules = Path.Combine(outFolder, "connection.rules");
        if (exitCode != 0 || !File.Exists(rules))
            throw new InvalidOperationException(
                $"callrules compile exited {exitCode} {(File.Exists(rules) ? "" : "without writing connection.rules")}:\n{cli.Description}\n{cli.Output}");
        return rules;
    }
}
