using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using CallRules.Benchmarks.Data;

namespace CallRules.Cli.Tests;

/// <summary>
/// Progress on standard error: only on a terminal, never in a pipe, and --quiet turns it off. The delay before it
/// appears is set to 0 so that a small run shows it.
/// </summary>
public class ProgressTests
{
    private static readonly Dictionary<string, string> s_noDelay = new() { ["CALLRULES_PROGRESS_AFTER_MS"] = "0" };

    private static string Definitions()
    {
        var folder = Cli.TempFolder();
        File.WriteAllBytes(Path.Join(folder, "generated.json"), new ConnectionDataGenerator(seed: 5, domainCount: 20).CreateArray(3000));
        return folder;
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("compile")]
    public void No_progress_when_standard_error_is_not_a_terminal(string command)
    {
        var folder = Definitions();
        string[] args = command == "compile" ? [command, "generated.json", "--out", "out"] : [command, "generated.json"];
        var run = Cli.Run(folder, s_noDelay, args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain("\r", run.Stdout);
    }

    /// <summary>
    /// Runs the CLI under a pseudo-terminal (util-linux <c>script</c>), so both its output streams are a terminal; returns
    /// what the terminal received.
    /// </summary>
    private static string UnderTerminal(string folder, string arguments)
    {
        var cli = Path.Join(AppContext.BaseDirectory, "callrules.dll");
        var start = new ProcessStartInfo(TerminalFactAttribute.Script)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-q", "-e", "-c", $"dotnet '{cli}' {arguments}", "/dev/null" }) start.ArgumentList.Add(arg);
        start.Environment["CALLRULES_PROGRESS_AFTER_MS"] = "0";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("callrules under script did not finish in 120 s");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }

    [TerminalFact]
    public void Progress_on_a_terminal_counts_files_and_definitions_and_is_erased_before_the_summary()
    {
        var folder = Definitions();
        var terminal = UnderTerminal(folder, "validate generated.json");
        Assert.Contains(" of 1 files, ", terminal);
        Assert.Contains(" connections/s", terminal);
        // The last drawing is erased (spaces, then a carriage return) before the summary line.
        var summary = terminal.IndexOf("Checked 3000 connections in 1 file: no errors.", StringComparison.Ordinal);
        Assert.True(summary > 0, terminal);
        Assert.Equal('\r', terminal[summary - 1]);
        Assert.True(terminal.LastIndexOf("connections/s", StringComparison.Ordinal) < summary);
    }

    [TerminalFact]
    public void Quiet_turns_progress_off_on_a_terminal()
    {
        var folder = Definitions();
        var terminal = UnderTerminal(folder, "validate generated.json --quiet");
        Assert.DoesNotContain("connections/s", terminal);
        Assert.Contains("Checked 3000 connections in 1 file: no errors.", terminal);
    }
}

/// <summary>
/// A test that runs the CLI under a pseudo-terminal made by util-linux <c>script</c> (Debian package bsdutils). Where
/// it is missing the test is skipped, saying what to install, except in CI (<c>CI=true</c>, where .ci/run installs it):
/// there it runs and fails.
/// </summary>
public sealed class TerminalFactAttribute : FactAttribute
{
    /// <summary>Where the tests look for <c>script</c>.</summary>
    public const string Script = "/usr/bin/script";

    /// <summary>Skips the test, with the reason, where <c>script</c> is missing outside CI.</summary>
    public TerminalFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "needs a Linux pseudo-terminal (util-linux script)";
        else if (!File.Exists(Script) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = $"{Script} is missing: install the Debian package bsdutils (util-linux script); CI installs it and fails without it";
    }
}
