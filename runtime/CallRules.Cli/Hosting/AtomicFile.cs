using System;
using System.IO;

namespace CallRules.Cli.Hosting;

/// <summary>
/// Replaces a file all at once: the new bytes go to a temporary file in the same folder (same file system), are flushed
/// to disk, and the temporary file is renamed over the target. A reader sees the old file or the new one, never a part;
/// a failure leaves the old file as it was and no temporary file behind. An existing file keeps its permissions.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/>. With <paramref name="expected"/>, the file must still
    /// hold exactly those bytes when it is replaced (it was read, changed in memory, and is written back): if someone
    /// changed it meanwhile, nothing is written and the error says so.
    /// </summary>
    /// <returns>Null on success, else why the file was not written.</returns>
    public static string? Write(string path, byte[] bytes, byte[]? expected = null)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Join(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows() && File.Exists(path))
                    File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            if (expected is not null && !File.ReadAllBytes(path).AsSpan().SequenceEqual(expected))
            {
                File.Delete(temp);
                return "the file changed while it was being rewritten; run again";
            }
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return e.Message;
        }
    }
}
