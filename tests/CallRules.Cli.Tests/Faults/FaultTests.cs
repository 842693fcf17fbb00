using System;
using System.IO;
using System.Linq;

namespace CallRules.Cli.Tests.Faults;

/// <summary>
/// Issue 10, rows 1, 3, 4 and 10: the CLI as a process under faults — a temporary folder that is missing, a file or
/// full; file modes while secrets are written; SIGINT, SIGTERM and kill -9; an input that empties the output. Every
/// wait is bounded: a hang fails the test instead of stalling the suite. One class, so these heavy runs do not
/// compete with each other for the machine's two cores.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FaultTests
{
    // Enough definitions that each worker's compiled sections pass 8 MiB and move to the temporary folder.
    private const int Large = 60_000;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(120);

    private static (string Folder, string Input, string Temp) LargeRun()
    {
        var folder = Cli.TempFolder();
        var input = FaultKit.LargeInput(folder, Large);
        var temp = Path.Join(folder, "tmp");
        Directory.CreateDirectory(temp);
        var output = Path.Join(folder, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Join(output, "connection.rules"), "old output\n");
        return (folder, input, temp);
    }

    private static void AssertOldOutputUntouched(string folder)
    {
        Assert.Equal(["connection.rules"], Cli.Entries(Path.Join(folder, "out")));
        Assert.Equal("old output\n", File.ReadAllText(Path.Join(folder, "out", "connection.rules")));
    }

    // ---- Row 1: a temporary folder that cannot hold the spill ends the run with CR3003; nothing can deadlock. ----

    [Fact]
    public void A_missing_temporary_folder_ends_compile_with_CR3003_instead_of_hanging()
    {
        var (folder, input, _) = LargeRun();
        var missing = Path.Join(folder, "no-such-folder");
        using var cli = CliProcess.Start(folder, FaultKit.TempDir(missing), "compile", input, "--out", "out");
        var run = cli.WaitForExit(s_bound);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            $"error CR3003: Cannot keep the compiled call rules in the temporary folder '{missing}': the folder does not exist. Point TMPDIR at a writable folder with free space.",
            "The run stopped before every definition was checked; nothing written.",
        ], run.StderrLines);
        AssertOldOutputUntouched(folder);
        // validate keeps nothing, so the same input and folder check fine.
        using var validate = CliProcess.Start(folder, FaultKit.TempDir(missing), "validate", input);
        Assert.Equal(0, validate.WaitForExit(s_bound).ExitCode);
    }

    [Fact]
    public void A_temporary_folder_that_is_a_file_ends_compile_with_CR3003_instead_of_hanging()
    {
        var (folder, input, _) = LargeRun();
        var file = Path.Join(folder, "a-file");
        File.WriteAllText(file, "not a folder");
        using var cli = CliProcess.Start(folder, FaultKit.TempDir(file), "compile", input, "--out", "out");
        var run = cli.WaitForExit(s_bound);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"error CR3003: Cannot keep the compiled call rules in the temporary folder '{file}': it is a file, not a folder. Point TMPDIR at a writable folder with free space.",
            run.StderrLines[0]);
        AssertOldOutputUntouched(folder);
    }

    [RootFact]
    public void A_full_temporary_folder_ends_compile_with_CR3003_and_leaves_nothing_in_it()
    {
        var (folder, input, _) = LargeRun();
        var small = Path.Join(folder, "small");
        Directory.CreateDirectory(small);
        FaultKit.Run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0777", "tmpfs", small);
        try
        {
            using var cli = CliProcess.Start(folder, FaultKit.TempDir(small), "compile", input, "--out", "out");
            var run = cli.WaitForExit(s_bound);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(
                $"error CR3003: Cannot keep the compiled call rules in the temporary folder '{small}': No space left on device. Point TMPDIR at a writable folder with free space.",
                run.StderrLines[0]);
            Assert.Empty(FaultKit.SpillFiles(small));
            AssertOldOutputUntouched(folder);
        }
        finally
        {
            FaultKit.Run("umount", small);
        }
    }

    // ---- Rows 3 and 4: secrets are never in a file others can read, and nothing outlives the process. ----

    [Fact]
    public void Spill_files_are_0600_from_the_first_byte_and_have_no_name_while_compile_runs()
    {
        var (folder, input, temp) = LargeRun();
        using var cli = CliProcess.Start(folder, FaultKit.TempDir(temp), "compile", input, "--out", "out");
        cli.WaitUntil(() => cli.OpenFilesUnder(temp).Count > 0, s_bound, "a spill file was opened");

        var spills = cli.OpenFilesUnder(temp);
        Assert.All(spills, spill =>
        {
            Assert.EndsWith(" (deleted)", spill.Target);
            Assert.Equal("600", FaultKit.ModeOf(spill.Link));
        });
        Assert.Empty(FaultKit.SpillFiles(temp));
        Assert.Equal(0, cli.WaitForExit(s_bound).ExitCode);
        Assert.Empty(FaultKit.SpillFiles(temp));
    }

    [Fact]
    public void The_output_temporary_file_has_the_replaced_files_mode_from_its_first_byte()
    {
        var (folder, input, temp) = LargeRun();
        var target = Path.Join(folder, "out", "connection.rules");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        using var cli = CliProcess.Start(folder, FaultKit.TempDir(temp), "compile", input, "--out", "out");
        string? seen = null;
        cli.WaitUntil(() =>
        {
            var tmp = FaultKit.HiddenTemporaryFiles(Path.Join(folder, "out")).FirstOrDefault();
            if (tmp is null) return false;
            seen = FaultKit.ModeOf(Path.Join(folder, "out", tmp));
            return seen != "gone";
        }, s_bound, "the output's temporary file appeared");

        Assert.Equal("640", seen);
        Assert.Equal(0, cli.WaitForExit(s_bound).ExitCode);
        Assert.Equal("640", FaultKit.ModeOf(target));
        Assert.Contains(FaultKit.SecretPrefix + "1", File.ReadAllText(target));
    }

    [Fact]
    public void A_new_output_file_is_not_readable_by_others()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "compile", Cli.Samples, "--out", "out");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("640", FaultKit.ModeOf(Path.Join(folder, "out", "connection.rules")));
    }

    [Theory]
    [InlineData("INT", 130, "SIGINT")]
    [InlineData("TERM", 143, "SIGTERM")]
    public void A_signal_while_compiling_stops_the_run_cleanly_with_128_plus_the_signal(string signal, int exitCode, string name)
    {
        var (folder, input, temp) = LargeRun();
        using var cli = CliProcess.Start(folder, FaultKit.TempDir(temp), "compile", input, "--out", "out");
        cli.WaitUntil(() => cli.OpenFilesUnder(temp).Count > 0, s_bound, "compiled sections moved to a spill file");

        cli.Signal(signal);
        var run = cli.WaitForExit(s_bound);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal([$"callrules: stopped by {name}; no output file was changed."], run.StderrLines);
        Assert.Empty(FaultKit.SpillFiles(temp));
        AssertOldOutputUntouched(folder);
    }

    [Fact]
    public void SIGTERM_while_the_output_is_written_removes_the_partial_temporary_file()
    {
        var (folder, input, temp) = LargeRun();
        var output = Path.Join(folder, "out");
        using var cli = CliProcess.Start(folder, FaultKit.TempDir(temp), "compile", input, "--out", "out");
        cli.WaitUntil(() => FaultKit.HiddenTemporaryFiles(output).Length > 0, s_bound, "the output's temporary file appeared");

        cli.Signal("TERM");
        var run = cli.WaitForExit(s_bound);

        Assert.Equal(143, run.ExitCode);
        Assert.Empty(FaultKit.SpillFiles(temp));
        AssertOldOutputUntouched(folder);
    }

    [Fact]
    public void Kill_9_leaves_no_spill_file_and_the_next_run_removes_the_partial_output()
    {
        var (folder, input, temp) = LargeRun();
        var output = Path.Join(folder, "out");
        using (var cli = CliProcess.Start(folder, FaultKit.TempDir(temp), "compile", input, "--out", "out"))
        {
            cli.WaitUntil(() => FaultKit.HiddenTemporaryFiles(output).Length > 0, s_bound, "the output's temporary file appeared");
            cli.Signal("KILL");
            Assert.Equal(137, cli.WaitForExit(s_bound).ExitCode);
        }
        // What kill -9 leaves: the partial output file, never a spill file (they have no name).
        Assert.Empty(FaultKit.SpillFiles(temp));
        var partial = Assert.Single(FaultKit.HiddenTemporaryFiles(output));
        Assert.StartsWith(".connection.rules.", partial);
        Assert.Equal("old output\n", File.ReadAllText(Path.Join(output, "connection.rules")));

        // A temporary file of a run that is still alive (this test process) is not touched.
        var live = $".connection.rules.{Environment.ProcessId}.0123456789abcdef.tmp";
        File.WriteAllText(Path.Join(output, live), "in progress");
        var next = Cli.Run(folder, "compile", Path.Join(Cli.Samples, "minimal.json"), "--out", "out");
        Assert.Equal(0, next.ExitCode);
        Assert.Equal([live, "connection.rules"], Cli.Entries(output));
    }

    [Fact]
    public void A_stale_temporary_file_of_a_killed_run_is_removed_by_the_next_run()
    {
        var folder = Cli.TempFolder();
        var output = Path.Join(folder, "out");
        Directory.CreateDirectory(output);
        // Named as a run of process 4194304 (above Linux's pid limit, so never alive) and as runs before process ids.
        File.WriteAllText(Path.Join(output, ".connection.rules.4194304.0123456789abcdef.tmp"), "AuthPassword=left-behind\n");
        File.WriteAllText(Path.Join(output, ".example.com.rules.0123456789abcdef0123456789abcdef.tmp"), "AuthPassword=left-behind\n");
        File.WriteAllText(Path.Join(output, ".notes.tmp"), "someone else's file");

        var run = Cli.Run(folder, "compile", Cli.Samples, "--out", "out");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([".notes.tmp", "connection.rules"], Cli.Entries(output));
    }

    // ---- Row 10: an input of [] compiles, but says loudly that the output lost every connection. ----

    [Fact]
    public void An_empty_input_replacing_an_output_with_connections_warns_how_many_were_removed()
    {
        var folder = Cli.TempFolder();
        Assert.Equal(0, Cli.Run(folder, "compile", Cli.Samples, "--out", "out").ExitCode);
        File.WriteAllText(Path.Join(folder, "empty.json"), "[]\n");

        var run = Cli.Run(folder, "compile", "empty.json", "--out", "out");

        Assert.Equal(0, run.ExitCode);
        var target = Path.Join("out", "connection.rules");
        Assert.Equal(
        [
            $"{target}: warning CR3006: The output now holds 0 connections; the file it replaced held 7 connections. " +
            "Every connection was removed: if that is not what you meant, check the inputs (an empty array [] holds none) and compile again.",
        ], run.StderrLines);
        Assert.Equal($"Compiled 0 connections from 1 file into {target}, with 1 warning.\n", run.Stdout);
        Assert.DoesNotContain("[", File.ReadAllText(Path.Join(folder, target)));

        // Compiling [] again replaces a file that holds none: nothing more to say.
        var again = Cli.Run(folder, "compile", "empty.json", "--out", "out");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("", again.Stderr);
    }
}
