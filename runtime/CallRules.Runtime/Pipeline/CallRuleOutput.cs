using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
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
    /// Call rules may hold secrets (a registration password), so an operator may have restricted the file; the new
    /// file takes over the permissions of the one it replaces instead of the default ones.
    /// </summary>
    private static void KeepMode(string path, string temp)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
    }

    /// <summary>
    /// Writes <paramref name="rules"/> into <paramref name="folder"/> (created when missing) in <paramref name="layout"/>.
    /// Returns the paths written, or null with <paramref name="error"/> set (<see cref="ErrorCodes.OutputUnwritable"/>)
    /// when the output cannot be written; then no existing output file has been changed.
    /// </summary>
    public static IReadOnlyList<string>? Write(CompiledRules rules, DefinitionSchema schema, string folder, OutputLayout layout, out DefinitionError? error)
    {
        error = null;
        var files = new List<(string Path, int Start, int Count)>();
        if (layout == OutputLayout.SingleFile)
            files.Add((Path.Join(folder, SingleFileName(schema)), 0, rules.Count));
        else
            foreach (var (value, start, count) in rules.GroupByFirstKey())
                files.Add((Path.Join(folder, FileNameFor(value)), start, count));

        var temporary = new List<string>(files.Count);
        var current = folder;
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (path, start, count) in files)
            {
                current = path;
                var temp = Path.Join(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
                temporary.Add(temp);
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024))
                {
                    rules.WriteTo(stream, start, count);
                    stream.Flush(flushToDisk: true);
                }
                KeepMode(path, temp);
            }
            for (var i = 0; i < files.Count; i++)
            {
                current = files[i].Path;
                File.Move(temporary[i], files[i].Path, overwrite: true);
                temporary[i] = "";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            foreach (var temp in temporary)
            {
                if (temp.Length == 0) continue;
                // Best effort: the error below is what the user needs to see.
                try { File.Delete(temp); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            error = new DefinitionError(ErrorCodes.OutputUnwritable,
                $"Cannot write the call rules to '{current}': {e.Message}", File: null);
            return null;
        }
        var written = new List<string>(files.Count);
        foreach (var (path, _, _) in files) written.Add(path);
        return written;
    }
}
