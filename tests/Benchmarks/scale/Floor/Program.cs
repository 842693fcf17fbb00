using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CallRules.IoFloor;

/// <summary>
/// The floors the CLI is measured against, as a process:
/// <list type="bullet">
/// <item><c>read &lt;files or folders&gt;...</c>: reads every definition file in 64 KiB blocks and visits every token with
/// <see cref="Utf8JsonReader"/> (its state carried from block to block), on one thread: the least <c>validate</c> can do.</item>
/// <item><c>read-write --bytes N --out &lt;folder&gt; &lt;files or folders&gt;...</c>: the same, then writes N bytes in 64 KiB
/// writes to a temporary file in the folder, flushes it to disk and renames it, as <c>compile</c> does with its output:
/// the least <c>compile</c> can do.</item>
/// </list>
/// Folders are searched for <c>*.json</c> recursively and files read in ordinal path order, as the CLI does. It prints
/// the number of tokens and bytes read, so the work cannot be skipped and a run can be checked.
/// </summary>
public static class Program
{
    private const int BlockSize = 64 * 1024;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("read" or "read-write"))
            return Usage();
        var write = args[0] == "read-write";
        long bytesToWrite = 0;
        string? outFolder = null;
        var paths = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--bytes" when write && i + 1 < args.Length:
                    bytesToWrite = long.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--out" when write && i + 1 < args.Length:
                    outFolder = args[++i];
                    break;
                default:
                    paths.Add(args[i]);
                    break;
            }
        }
        if (paths.Count == 0 || (write && outFolder is null)) return Usage();

        var files = Resolve(paths);
        if (files.Count == 0)
        {
            Console.Error.WriteLine("callrules-io-floor: no input file");
            return 2;
        }
        var buffer = new byte[BlockSize * 2];
        long tokens = 0, bytesRead = 0;
        foreach (var file in files)
            tokens += ReadFile(file, ref buffer, ref bytesRead);
        if (write) Write(outFolder!, bytesToWrite, buffer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Count} files, {bytesRead} bytes, {tokens} tokens read; {bytesToWrite} bytes written"));
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: callrules-io-floor read <files or folders>...");
        Console.Error.WriteLine("       callrules-io-floor read-write --bytes N --out <folder> <files or folders>...");
        return 2;
    }

    private static List<string> Resolve(List<string> paths)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var search = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MatchCasing = MatchCasing.CaseInsensitive,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        };
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
                found.UnionWith(Directory.EnumerateFiles(full, "*.json", search));
            else
                found.Add(full);
        }
        return [.. found];
    }

    /// <summary>Reads one file in blocks, carrying the reader's state and any unfinished token to the next block.</summary>
    private static long ReadFile(string path, ref byte[] buffer, ref long bytesRead)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        long tokens = 0;
        var kept = 0;
        var endOfFile = false;
        while (!endOfFile)
        {
            if (buffer.Length - kept < BlockSize) Array.Resize(ref buffer, buffer.Length * 2);
            var read = stream.Read(buffer, kept, BlockSize);
            endOfFile = read == 0;
            bytesRead += read;
            var filled = kept + read;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), endOfFile, state);
            while (reader.Read()) tokens++;
            state = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            kept = filled - consumed;
            if (kept > 0) Buffer.BlockCopy(buffer, consumed, buffer, 0, kept);
        }
        return tokens;
    }

    /// <summary>Writes <paramref name="count"/> bytes as compile writes its output: a temporary file, flushed to disk, renamed.</summary>
    private static void Write(string folder, long count, byte[] block)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Join(folder, "floor.out");
        var temp = Path.Join(folder, ".floor.out." + Guid.NewGuid().ToString("N") + ".tmp");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            for (long left = count; left > 0; left -= BlockSize)
                stream.Write(block, 0, (int)Math.Min(BlockSize, left));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, target, overwrite: true);
    }
}
