using System;
using System.Buffers;
using System.Collections.Generic;

namespace CallRules.Runtime.Pipeline;

/// <summary>Where one definition object sits in a batch, and where it was in its file.</summary>
internal readonly record struct DefinitionFrame(int Offset, int Length, SourcePosition Start, int Index);

/// <summary>
/// Definition objects of one file for a worker: copied out of the framer's buffer, or, from the splitter, the buffer
/// the file was read into, with the objects' places in it.
/// </summary>
internal sealed class DefinitionBatch
{
    private byte[]? _data;
    private int _used;

    public DefinitionBatch(int fileIndex, string file, int capacity, bool split = false)
    {
        FileIndex = fileIndex;
        File = file;
        Split = split;
        _data = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public int FileIndex { get; }
    public string File { get; }

    /// <summary>
    /// Whether the frames come from <see cref="DefinitionSplitter"/>, which has not checked what is inside them: the
    /// worker checks each is UTF-8 and exactly one well-formed object, and gives the file back when one is not.
    /// </summary>
    public bool Split { get; }
    public byte[] Data => _data ?? throw new ObjectDisposedException(nameof(DefinitionBatch));
    public List<DefinitionFrame> Frames { get; } = [];
    public int Count => Frames.Count;

    /// <summary>Copies <paramref name="json"/> in; false when it does not fit.</summary>
    public bool TryAdd(ReadOnlySpan<byte> json, SourcePosition start, int index)
    {
        if (Data.Length - _used < json.Length) return false;
        json.CopyTo(Data.AsSpan(_used));
        Frames.Add(new DefinitionFrame(_used, json.Length, start, index));
        _used += json.Length;
        return true;
    }

    /// <summary>Records a frame over bytes already in <see cref="Data"/> (the splitter reads the file into it).</summary>
    public void AddFrame(int offset, int length, SourcePosition start, int index) =>
        Frames.Add(new DefinitionFrame(offset, length, start, index));

    public void Release()
    {
        if (_data is not null) ArrayPool<byte>.Shared.Return(_data);
        _data = null;
    }
}
