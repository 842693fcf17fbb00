using System;
using System.IO;
using System.Threading;

namespace CallRules.Cli.Hosting;

/// <summary>
/// What a command runs against: its output streams, whether they are terminals, the environment, and a cancellation
/// token (set when the process is asked to stop). Tests build one over string writers; <see cref="ForConsole"/> is the
/// real process.
/// </summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    /// <summary>Standard output: results (summaries, plans, documents).</summary>
    public TextWriter Stdout { get; } = stdout;

    /// <summary>Standard error: diagnostics, notes, progress.</summary>
    public TextWriter Stderr { get; } = stderr;

    /// <summary>Whether standard output is a terminal (colour is used only then).</summary>
    public bool StdoutIsTerminal { get; init; }

    /// <summary>Whether standard error is a terminal (progress is shown only then).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>Reads an environment variable; the real environment unless a test supplies its own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Cancelled when the run should stop early (a signal); commands pass it to long work.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The working folder, against which relative paths are shown.</summary>
    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>Colour on standard output: only on a terminal, and never when <c>NO_COLOR</c> is set (no-color.org).</summary>
    public bool UseColor => StdoutIsTerminal && string.IsNullOrEmpty(Environment("NO_COLOR")) && Environment("TERM") != "dumb";

    /// <summary>The process's console.</summary>
    public static CliContext ForConsole(CancellationToken cancellation) => new(Console.Out, Console.Error)
    {
        StdoutIsTerminal = !Console.IsOutputRedirected,
        StderrIsTerminal = !Console.IsErrorRedirected,
        Cancellation = cancellation,
    };
}
