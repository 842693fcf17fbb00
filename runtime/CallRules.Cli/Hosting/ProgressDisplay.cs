using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using CallRules.Runtime.Pipeline;

namespace CallRules.Cli.Hosting;

/// <summary>
/// A one-line progress display on standard error for a long compile or validate: files read, definitions checked and
/// definitions per second, redrawn in place (carriage return, no escape sequences, so any terminal shows it). It
/// appears only when standard error is a terminal and the run has lasted <see cref="DelayVariable"/> milliseconds
/// (1,000 by default), so short runs, pipes, logs and CI output never see it; disposing it erases the line before the
/// diagnostics and summary are printed.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    /// <summary>How long a run lasts, in milliseconds, before progress is shown (default 1000).</summary>
    public const string DelayVariable = "CALLRULES_PROGRESS_AFTER_MS";

    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);

    private readonly CliContext _context;
    private readonly CompileProgress _progress;
    private readonly int _totalFiles;
    private readonly string _plural;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private int _shownWidth;
    private bool _disposed;

    private ProgressDisplay(CliContext context, CompileProgress progress, int totalFiles, string plural, TimeSpan delay)
    {
        _context = context;
        _progress = progress;
        _totalFiles = totalFiles;
        _plural = plural;
        _timer = new Timer(_ => Draw(), null, delay, s_interval);
    }

    /// <summary>
    /// Starts a display of <paramref name="progress"/> when standard error is a terminal and <paramref name="quiet"/> is
    /// off; returns null otherwise (nothing will be printed).
    /// </summary>
    public static ProgressDisplay? Start(CliContext context, bool quiet, CompileProgress progress, int totalFiles, string plural)
    {
        if (quiet || !context.StderrIsTerminal) return null;
        var delay = TimeSpan.FromSeconds(1);
        if (int.TryParse(context.Environment(DelayVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            delay = TimeSpan.FromMilliseconds(ms);
        return new ProgressDisplay(context, progress, totalFiles, plural, delay);
    }

    private void Draw()
    {
        lock (_lock)
        {
            if (_disposed) return;
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var definitions = _progress.DefinitionsChecked;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{_progress.FilesRead:N0} of {_totalFiles:N0} files, {definitions:N0} {_plural}, {definitions / seconds:N0} {_plural}/s");
            // Spaces over what is left of a longer earlier line; then back to the start, so the next line overwrites it.
            _context.Stderr.Write("\r" + line.PadRight(_shownWidth));
            _context.Stderr.Flush();
            _shownWidth = line.Length;
        }
    }

    /// <summary>Stops the display and erases its line.</summary>
    public void Dispose()
    {
        // Waits for a redraw in progress, so nothing is drawn after the line is erased.
        using (var stopped = new ManualResetEvent(false))
        {
            if (_timer.Dispose(stopped)) stopped.WaitOne();
        }
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            if (_shownWidth == 0) return;
            _context.Stderr.Write("\r" + new string(' ', _shownWidth) + "\r");
            _context.Stderr.Flush();
        }
    }
}
