using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Pipeline;

/// <summary>How compiled call rules are spread over output files.</summary>
public enum OutputLayout
{
    /// <summary>One file, <c>&lt;schema name in lower case&gt;.rules</c> (<c>connection.rules</c>).</summary>
    SingleFile,
    /// <summary>One file per value of the first key field (per domain), named by <see cref="CallRuleOutput.FileNameFor"/>.</summary>
    SplitByFirstKey,
}

/// <summary>
/// Writes compiled call rules into an output folder, all or nothing as far as a file system allows: every file is
/// first written in full to a temporary file in the same folder, and only when all are written are they renamed over
/// the old ones (a rename within a folder is atomic, so a reader sees the old file or the new one, never half).
/// </summary>
public static class CallRuleOutput
{
    /// <summary>The extension of call-rule files.</summary>
    public const string Extension = ".rules";

    private static readonly string[] s_reservedWindowsNames =
        ["con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
         "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"];

    /// <summary>The file name of the single-file layout: the schema name in lower case, then <c>.rules</c>.</summary>
    public static string SingleFileName(DefinitionSchema schema) => schema.Name.ToLowerInvariant() + Extension;

    /// <summary>
    /// The file name for one value of the first key field, safe on every common file system and different for
    /// every value, even where names are compared ignoring case: the value's UTF-8 bytes, where <c>a-z</c>,
    /// <c>0-9</c>, <c>-</c>, <c>_</c> and <c>.</c> (except as the first character) stay as they are and every other
    /// byte, upper-case letters included, becomes <c>%XX</c> (upper-case hex); a name that Windows reserves
    /// (<c>con</c>, <c>nul</c>, <c>com1</c>…) gets its first letter encoded; the empty value is <c>%</c>. Then <c>.rules</c>.
    /// </summary>
    public static string FileNameFor(string firstKeyValue)
    {
        if (firstKeyValue.Length == 0) return "%" + Extension;
        var name = new StringBuilder(firstKeyValue.Length + Extension.Length);
        var bytes = Encoding.UTF8.GetBytes(firstKeyValue);
        var stem = firstKeyValue.Split('.')[0];
        var reserved = Array.IndexOf(s_reservedWindowsNames, stem) >= 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var keep = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_'
                || (b == (byte)'.' && i > 0);
            if (i == 0 && reserved) keep = false;
            if (keep) name.Append((char)b);
            else name.Append('%').Append(((int)b).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return name.Append(Extension).ToString();
    }

    /// <summary>
    /// The mode of a new output file: readable and writable by its owner, readable by its group, never by others
    /// (less what the umask removes), because call rules may hold secrets (a registration password).
    /// </summary>
    public const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>
    /// Writes <paramref name="rules"/> into <paramref name="folder"/> (created when missing) in <paramref name="layout"/>.
    /// Returns the paths written, or null with <paramref name="error"/> set (<see cref="ErrorCodes.OutputUnwritable"/>)
    /// when the output cannot be written; then no existing output file has been changed.
    /// </summary>
    public static IReadOnlyList<string>? Write(CompiledRules rules, DefinitionSchema schema, string folder, OutputLayout layout, out DefinitionError? error)
    {
        var diagnostics = new List<DefinitionError>();
        var written = Write(rules, schema, folder, layout, diagnostics, CancellationToken.None);
        error = diagnostics.Find(d => d.IsError);
        return written;
    }

    /// <summary>
    /// Writes <paramref name="rules"/> into <paramref name="folder"/> (created when missing) in <paramref name="layout"/>.
    /// Returns the paths written, or null when the output cannot be written (an <see cref="ErrorCodes.OutputUnwritable"/>
    /// error is added to <paramref name="diagnostics"/>); then no existing output file has been changed. Warnings go to
    /// <paramref name="diagnostics"/> too: <see cref="ErrorCodes.OutputEmptied"/> when a file that held sections is
    /// replaced by one that holds none.
    /// </summary>
    /// <remarks>
    /// Each file is written to a temporary file beside it, <c>.&lt;name&gt;.&lt;process id&gt;.&lt;random&gt;.tmp</c>, created
    /// with the mode of the file it replaces (or <see cref="NewFileMode"/>) from its first byte, then renamed over it.
    /// Temporary files that a killed run left in the folder (their process is gone) are removed first. Cancellation
    /// is honoured until the first rename; then the renames finish, so the files of a run are replaced together.
    /// </remarks>
    /// <exception cref="OperationCanceledException">Cancelled before the renames: no output file was changed and no temporary file is left.</exception>
    public static IReadOnlyList<string>? Write(CompiledRules rules, DefinitionSchema schema, string folder, OutputLayout layout,
        ICollection<DefinitionError> diagnostics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var files = new List<(string Path, int[]? Sections)>();
        if (layout == OutputLayout.SingleFile)
            files.Add((Path.Join(folder, SingleFileName(schema)), null));
        else
            foreach (var (value, sections) in rules.GroupByFirstKey())
                files.Add((Path.Join(folder, FileNameFor(value)), sections));

        var temporary = new List<string>(files.Count);
        var current = folder;
        DefinitionError? emptied = null;
        try
        {
            Directory.CreateDirectory(folder);
            RemoveStaleTemporaryFiles(folder);
            foreach (var (path, sections) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                current = path;
                var temp = Path.Join(folder, TemporaryName(Path.GetFileName(path)));
                temporary.Add(temp);
                var mode = OperatingSystem.IsWindows() ? (UnixFileMode?)null : ModeOf(path);
                using (var stream = new FileStream(temp, CreateOptions(mode ?? NewFileMode)))
                {
                    rules.WriteTo(stream, sections, cancellationToken);
                    stream.Flush(flushToDisk: true);
                }
                // The umask may have taken bits from the mode the old file had: give them back.
                if (mode is { } kept && !OperatingSystem.IsWindows())
                    File.SetUnixFileMode(temp, kept);
                if ((sections?.Length ?? rules.Count) == 0 && layout == OutputLayout.SingleFile && CountSections(path) is > 0 and var before)
                    emptied = Emptied(schema, path, before);
            }
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < files.Count; i++)
            {
                current = files[i].Path;
                File.Move(temporary[i], files[i].Path, overwrite: true);
                temporary[i] = "";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            RemoveAll(temporary);
            diagnostics.Add(new DefinitionError(ErrorCodes.OutputUnwritable, $"Cannot write the call rules to '{current}': {e.Message}"));
            return null;
        }
        catch (OperationCanceledException)
        {
            RemoveAll(temporary);
            throw;
        }
        if (emptied is not null) diagnostics.Add(emptied);
        var written = new List<string>(files.Count);
        foreach (var (path, _) in files) written.Add(path);
        return written;
    }

    private static FileStreamOptions CreateOptions(UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = mode;
        return options;
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

    private static void RemoveAll(List<string> temporary)
    {
        foreach (var temp in temporary)
        {
            if (temp.Length == 0) continue;
            // Best effort: the error the caller reports is what the user needs to see.
            try { File.Delete(temp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The temporary name for <paramref name="fileName"/>: hidden, and naming the process that writes it.</summary>
    private static string TemporaryName(string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $".{fileName}.{Environment.ProcessId}.{Random.Shared.NextInt64():x16}.tmp");

    /// <summary>
    /// Removes the temporary files of runs that were killed before they could clean up (kill -9, a power cut): those
    /// whose process no longer runs. Another live run's files are left alone.
    /// </summary>
    private static void RemoveStaleTemporaryFiles(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder, ".*.tmp", new EnumerationOptions { AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive }))
        {
            if (!IsTemporaryName(Path.GetFileName(path), out var writer) || (writer is { } id && IsRunning(id))) continue;
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a temporary file of this class: <c>.&lt;name&gt;.rules.&lt;pid&gt;.&lt;16 hex&gt;.tmp</c>, or
    /// <c>.&lt;name&gt;.rules.&lt;32 hex&gt;.tmp</c> as written before process ids (<paramref name="processId"/> null).
    /// </summary>
    internal static bool IsTemporaryName(string name, out int? processId)
    {
        processId = null;
        if (!name.StartsWith('.') || !name.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        var inner = name.AsSpan(1, name.Length - 5);
        var dot = inner.LastIndexOf('.');
        if (dot < 0) return false;
        var random = inner[(dot + 1)..];
        inner = inner[..dot];
        if (random.Length == 32 && IsLowerHex(random))
            return inner.EndsWith(Extension, StringComparison.Ordinal) && inner.Length > Extension.Length;
        if (random.Length != 16 || !IsLowerHex(random)) return false;
        dot = inner.LastIndexOf('.');
        if (dot < 0 || !int.TryParse(inner[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        inner = inner[..dot];
        if (!inner.EndsWith(Extension, StringComparison.Ordinal) || inner.Length <= Extension.Length) return false;
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

    /// <summary>How many sections the call-rule file at <paramref name="path"/> holds (lines that start with '['), or 0 when there is none.</summary>
    private static long CountSections(string path)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[64 * 1024];
        long sections = 0;
        var atLineStart = true;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            if (atLineStart && span[0] == (byte)'[') sections++;
            var at = 0;
            while ((at = span.IndexOf((byte)'\n')) >= 0)
            {
                span = span[(at + 1)..];
                if (span.IsEmpty) break;
                if (span[0] == (byte)'[') sections++;
            }
            atLineStart = buffer[read - 1] == (byte)'\n';
        }
        return sections;
    }

    private static DefinitionError Emptied(DefinitionSchema schema, string path, long before)
    {
        var noun = schema.Name.ToLowerInvariant();
        return new DefinitionError(ErrorCodes.OutputEmptied,
            string.Create(CultureInfo.InvariantCulture,
                $"The output now holds 0 {noun}s; the file it replaced held {before} {(before == 1 ? noun : noun + "s")}. " +
                $"Every {noun} was removed: if that is not what you meant, check the inputs (an empty array [] holds none) and compile again."),
            File: path, Severity: Severity.Warning);
    }
}
