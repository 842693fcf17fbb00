using System;
using System.IO;

namespace CallRules.Runtime.Pipeline;

/// <summary>One input of a run: a name for messages and a way to open its bytes.</summary>
public sealed class DefinitionInput
{
    private readonly Func<Stream> _open;

    /// <summary>Creates an input named <paramref name="name"/> whose bytes <paramref name="open"/> returns.</summary>
    public DefinitionInput(string name, Func<Stream> open, long length = -1)
    {
        Length = length;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _open = open ?? throw new ArgumentNullException(nameof(open));
    }

    /// <summary>The file as the user named it; errors carry this name.</summary>
    public string Name { get; }

    /// <summary>The size in bytes when known beforehand, else -1; used only to choose how to spread the work.</summary>
    public long Length { get; }

    /// <summary>Opens the bytes for reading; the caller disposes the stream.</summary>
    public Stream Open() => _open();

    /// <summary>An input read from a file on disk.</summary>
    public static DefinitionInput FromFile(string name, string path) =>
        new(name, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan),
            SizeOf(path));

    /// <summary>An input held in memory (tests, tools).</summary>
    public static DefinitionInput FromBytes(string name, byte[] utf8) =>
        new(name, () => new MemoryStream(utf8, writable: false), utf8.Length);

    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
