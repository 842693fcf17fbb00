using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
    public const UnixFileMode NewFileMode = AtomicFileSet.NewFileMode;

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

        DefinitionError? emptied = null;
        AtomicFileSet? set = null;
        try
        {
            Directory.CreateDirectory(folder);
            AtomicFileSet.RemoveStale(folder);
            set = new AtomicFileSet(NewFileMode);
            foreach (var (path, sections) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var stream = set.Create(path))
                {
                    rules.WriteTo(stream, sections, cancellationToken);
                    stream.Flush(flushToDisk: true);
                }
                if ((sections?.Length ?? rules.Count) == 0 && layout == OutputLayout.SingleFile && CountSections(path) is > 0 and var before)
                    emptied = Emptied(schema, path, before);
            }
            cancellationToken.ThrowIfCancellationRequested();
            set.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            diagnostics.Add(new DefinitionError(ErrorCodes.OutputUnwritable, $"Cannot write the call rules to '{set?.Current ?? folder}': {e.Message}"));
            return null;
        }
        finally
        {
            // Removes the temporary files not renamed (a failure, or cancellation before the renames).
            set?.Dispose();
        }
        if (emptied is not null) diagnostics.Add(emptied);
        var written = new List<string>(files.Count);
        foreach (var (path, _) in files) written.Add(path);
        return written;
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
