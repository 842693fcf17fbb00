using System;
using System.Collections.Generic;
using System.IO;
using CallRules.Packaging.Tests.Infrastructure;
using CallRules.TestSupport;
using Xunit;
namespace CallRules.Packaging.Tests;

/// <summary>The CLI as a .NET tool: installed from the local feed, run as <c>callrules</c>.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolPackageTests(PackedFeed feed)
{
    [Fact]
    public void Cli_tool_installs_from_the_local_feed_and_compiles_a_sample_definition()
    {
        _ = feed.ToolPackage;
        var tools = feed.NewFolder("tools");

        var install = feed.DotNet(feed.Root, "tool", "install", "CallRules.Cli", "--tool-path", tools,
            "--add-source", feed.Feed, "--version", feed.Version);

        Assert.True(install.ExitCode == 0, install.ToString());
        var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "callrules.exe" : "callrules");
        Assert.True(File.Exists(command), install.ToString());

        var definitions = feed.NewFolder("definitions");
        var definition = Path.Combine(definitions, "minimal.json");
        File.WriteAllText(definition, """{ "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.10" }""");
        var output = feed.NewFolder("rules");
        var environment = new Dictionary<string, string>(feed.ConsumerEnvironment)
        {
            // The tool's launcher finds the runtime through DOTNET_ROOT: the one this test runs on.
            ["DOTNET_ROOT"] = DotNetRoot(),
        };
        var compile = ProcessRunner.Run(command,
            ["compile", definition, "--out", output],
            feed.Root, environment);

        Assert.True(compile.ExitCode == 0, compile.ToString());
        var rules = Assert.Single(Directory.GetFiles(output, "*.rules"));
        Assert.Contains("[example.com/sip*@192.0.2.10]", File.ReadAllText(rules), StringComparison.Ordinal);
    }

    /// <summary>The dotnet folder: three levels above the shared framework that holds System.Private.CoreLib.</summary>
    private static string DotNetRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
}
