using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Replaces files so that a reader sees each one whole, old or new, never half, and a failure changes none: every
/// file is first written in full to a temporary file beside it (same folder, so the rename cannot cross file systems),
/// and only when all are written are they renamed into place (<see cref="Commit"/>). Disposing a set that was not
/// committed deletes its temporary files. Used by every command that writes files (compile's call rules, import's
/// and fmt's definition files), so they share one set of guarantees.
/// </summary>
/// <remarks>
/// A temporary file is named <c>.&lt;name&gt;.&lt;process id&gt;.&lt;16 hex&gt;.tmp</c>: hidden, never matched by a
/// <c>*.json</c> or <c>*.rules</c> search, and naming its writer, so that <see cref="RemoveStale"/> can delete those
/// a killed run left behind without touching a live run's. It is created with the mode of the file it replaces (or
/// <see cref="NewFileMode"/> when there is none) from its first byte: call rules and definitions may hold secrets, and
/// there is no moment at which a wider mode exposes them.
/// </remarks>
public sealed class AtomicFileSet : IDisposable
{
    /// <summary>
    /// The mode of a new file: readable and writable by its owner, readable by its group, never by others (less what
    /// the umask removes), because call rules and definitions may hold secrets (a registration password).
    /// </summary>
    public const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private const string TemporaryExtension = ".tmp";
    private readonly List<(string Target, string Temporary)> _staged = [];
    private readonly UnixFileMode _newFileMode;

    /// <summary>
    /// Creates an empty set; a file that does not exist yet is created with <paramref name="newFileMode"/> (by default
    /// <see cref="NewFileMode"/>; pass a wider mode only for files that can hold no secret, such as documentation).
    /// </summary>
    public AtomicFileSet(UnixFileMode newFileMode = NewFileMode) => _newFileMode = newFileMode;

    /// <summary>The target the last step (creating its temporary file, or renaming it) was about: the one to name when it failed.</summary>
    public string? Current { get; private set; }

    /// <summary>
    /// Creates the temporary file for <paramref name="target"/> and returns it open for writing; the caller writes the
    /// whole content and disposes the stream. The folder of <paramref name="target"/> must exist.
    /// </summary>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    public FileStream Create(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Current = target;
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temporary = Path.Join(folder, TemporaryName(Path.GetFileName(target)));
        var mode = OperatingSystem.IsWindows() ? null : ModeOf(target);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode ?? _newFileMode;
        var stream = new FileStream(temporary, options);
        _staged.Add((target, temporary));
        try
        {
            // The umask may have taken bits from the mode the old file had: give them back.
            if (mode is { } kept && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(stream.SafeFileHandle, kept);
        }
        catch
        {
            // Not returned, so the caller cannot close it; Dispose deletes the file.
            stream.Dispose();
            throw;
        }
        return stream;
    }

    /// <summary>Stages <paramref name="content"/> as the new content of <paramref name="target"/>, flushed to disk.</summary>
    public void Stage(string target, ReadOnlySpan<byte> content)
    {
        using var stream = Create(target);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Renames every staged file into place, in the order staged. With <paramref name="overwrite"/> false, an existing
    /// target is an <see cref="IOException"/> (the files renamed before it stay).
    /// </summary>
    public void Commit(bool overwrite = true)
    {
        for (var i = 0; i < _staged.Count; i++)
        {
            var (target, temporary) = _staged[i];
            Current = target;
            File.Move(temporary, target, overwrite);
            _staged[i] = (target, "");
        }
    }

    /// <summary>Deletes the temporary files that were not renamed (best effort: the caller reports the failure).</summary>
    public void Dispose()
    {
        foreach (var (_, temporary) in _staged)
        {
            if (temporary.Length == 0) continue;
            try { File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Removes from <paramref name="folder"/> the temporary files of runs that were killed before they could clean up
    /// (kill -9, a power cut): those whose process no longer runs. Another live run's files are left alone.
    /// </summary>
    public static void RemoveStale(string folder)
    {
        if (!Directory.Exists(folder)) return;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, ".*" + TemporaryExtension,
                new EnumerationOptions { AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive });
            foreach (var path in candidates)
            {
                if (!IsTemporaryName(Path.GetFileName(path), out var writer) || (writer is { } id && IsRunning(id))) continue;
                try { File.Delete(path); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy; writing the output is what matters, and it reports its own errors.
        }
    }

    /// <summary>The temporary name for <paramref name="fileName"/>: hidden, and naming the process that writes it.</summary>
    internal static string TemporaryName(string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $".{fileName}.{Environment.ProcessId}.{Random.Shared.NextInt64():x16}{TemporaryExtension}");

    /// <summary>
    /// Whether <paramref name="name"/> is a temporary name of this class, <c>.&lt;name&gt;.&lt;pid&gt;.&lt;16 hex&gt;.tmp</c>, or
    /// <c>.&lt;name&gt;.&lt;32 hex&gt;.tmp</c> as written before process ids were part of it (<paramref name="processId"/>
    /// null: its writer cannot be known, and a run that old has long ended).
    /// </summary>
    internal static bool IsTemporaryName(string name, out int? processId)
    {
        processId = null;
        if (!name.StartsWith('.') || !name.EndsWith(TemporaryExtension, StringComparison.Ordinal)) return false;
        var inner = name.AsSpan(1, name.Length - 1 - TemporaryExtension.Length);
        var dot = inner.LastIndexOf('.');
        if (dot <= 0) return false;
        var random = inner[(dot + 1)..];
        if (!IsLowerHex(random)) return false;
        if (random.Length == 32) return true;
        if (random.Length != 16) return false;
        inner = inner[..dot];
        dot = inner.LastIndexOf('.');
        if (dot <= 0 || !int.TryParse(inner[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        processId = id;
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return true;
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The mode of the file being replaced, or null when there is none.</summary>
    [UnsupportedOSPlatform("windows")]
    private static UnixFileMode? ModeOf(string path)
    {
        try
        {
            return File.Exists(path) ? File.GetUnixFileMode(path) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
