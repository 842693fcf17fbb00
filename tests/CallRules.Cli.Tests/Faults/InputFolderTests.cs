using System;
using System.IO;
using System.Threading;

namespace CallRules.Cli.Tests.Faults;

/// <summary>
/// Issue 10, rows 2 and 6: what an input folder may hold besides definition files — links that loop, two paths to
/// one file, a named pipe — never makes a run hang or read a file twice. Runs are bounded (Cli.Run waits 120 s).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class InputFolderTests
{
    private static void Definition(string path, string pattern) =>
        File.WriteAllText(path, $$"""{ "domain": "example.com", "connection-orig-match-pattern": "{{pattern}}" }""");

    [Fact]
    public void Two_folder_link_loops_are_one_warning_each_and_every_file_is_read_once()
    {
        var folder = Cli.TempFolder();
        var input = Path.Join(folder, "in");
        Directory.CreateDirectory(Path.Join(input, "a"));
        Directory.CreateDirectory(Path.Join(input, "b"));
        Definition(Path.Join(input, "a", "one.json"), "1");
        Definition(Path.Join(input, "b", "two.json"), "2");
        Directory.CreateSymbolicLink(Path.Join(input, "a", "up"), "..");      // back to in/
        Directory.CreateSymbolicLink(Path.Join(input, "b", "self"), ".");     // back to in/b itself
        Directory.CreateSymbolicLink(Path.Join(input, "b", "to-a"), "../a");  // another way into in/a: no loop

        var run = Cli.Run(folder, "validate", "in");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            $"{Path.Join("in", "a", "up")}: warning CR3007: This link leads back to 'in', a folder that holds it: a loop. It is not followed.",
            $"{Path.Join("in", "b", "self")}: warning CR3007: This link leads back to '{Path.Join("in", "b")}', a folder that holds it: a loop. It is not followed.",
        ], run.StderrLines);
        Assert.Equal("Checked 2 connections in 2 files: no errors, 2 warnings.\n", run.Stdout);
    }

    [Fact]
    public void A_file_reached_by_a_link_and_a_hard_link_is_read_once()
    {
        var folder = Cli.TempFolder();
        var input = Path.Join(folder, "in");
        Directory.CreateDirectory(Path.Join(input, "sub"));
        Definition(Path.Join(input, "trunk.json"), "1");
        File.CreateSymbolicLink(Path.Join(input, "sub", "link.json"), "../trunk.json");
        FaultKit.Run("ln", Path.Join(input, "trunk.json"), Path.Join(input, "hard.json"));

        var run = Cli.Run(folder, "compile", "in", Path.Join("in", "sub", "link.json"), "--out", "out");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal($"Compiled 1 connection from 1 file into {Path.Join("out", "connection.rules")}.\n", run.Stdout);
    }

    [Fact]
    public void A_named_pipe_in_a_folder_is_skipped_with_a_warning_instead_of_blocking()
    {
        var folder = Cli.TempFolder();
        var input = Path.Join(folder, "in");
        Directory.CreateDirectory(input);
        Definition(Path.Join(input, "trunk.json"), "1");
        FaultKit.Run("mkfifo", Path.Join(input, "pipe.json"));

        var run = Cli.Run(folder, "compile", "in", "--out", "out");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [$"{Path.Join("in", "pipe.json")}: warning CR3008: This is a named pipe (FIFO), not a regular file; it is skipped. Only regular files are read from folders."],
            run.StderrLines);
        Assert.Equal($"Compiled 1 connection from 1 file into {Path.Join("out", "connection.rules")}, with 1 warning.\n", run.Stdout);
    }

    [Fact]
    public void A_named_pipe_given_by_name_is_read()
    {
        // What a shell's process substitution hands over: `callrules validate <(generate-definitions)`.
        var folder = Cli.TempFolder();
        var pipe = Path.Join(folder, "generated");
        FaultKit.Run("mkfifo", pipe);
        var writer = new Thread(() => File.WriteAllText(pipe, """{ "domain": "example.com", "connection-orig-match-pattern": "1" }"""));
        writer.Start();

        var run = Cli.Run(folder, "validate", "generated");

        writer.Join();
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Checked 1 connection in 1 file: no errors.\n", run.Stdout);
    }

    [Fact]
    public void A_named_pipe_whose_writer_never_writes_does_not_keep_the_run_alive_after_SIGTERM()
    {
        // The read of a pipe cannot be cancelled: a single SIGTERM (a service manager, `timeout`) must still end the run.
        var folder = Cli.TempFolder();
        var pipe = Path.Join(folder, "generated");
        FaultKit.Run("mkfifo", pipe);
        using var readerOpened = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            using var held = new FileStream(pipe, FileMode.Open, FileAccess.Write); // returns once the CLI opened it
            readerOpened.Set();
            release.Wait(TimeSpan.FromMinutes(5));
        });
        writer.Start();
        try
        {
            using var cli = CliProcess.Start(folder, null, "validate", "generated");
            Assert.True(readerOpened.Wait(TimeSpan.FromSeconds(60)), "the CLI opened the pipe");

            cli.Signal("TERM");
            var run = cli.WaitForExit(TimeSpan.FromSeconds(60));

            Assert.Equal(143, run.ExitCode);
            Assert.Equal(["callrules: stopped by SIGTERM; the run did not wind down within 10 s (an input still being read, such as a pipe whose writer sends nothing), so it ended at once; temporary files it left are removed by the next run."], run.StderrLines);
        }
        finally
        {
            release.Set();
            writer.Join(TimeSpan.FromSeconds(60));
        }
    }
}
