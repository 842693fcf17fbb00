using System;
using System.Buffers;
using System.Collections.Generic;

namespace CallRules.Runtime.Pipeline;

/// <summary>Where one definition object sits in a batch, and where it was in its file.</summary>
internal readonly record struct DefinitionFrame(int Offset, int Length, SourcePosition Start, int Index);

/// <summary>Definition objects of one file, copied out of the framer's buffer so a worker can read them.</summary>
internal sealed class DefinitionBatch
{
    private byte[]? _data;
    private int _used;

    public DefinitionBatch(int fileIndex, string file, int capacity)
    {
        FileIndex = fileIndex;
        File = file;
        _data = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public int FileIndex { get; }
    public string File { get; }
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

    public void Release()
    {
        if (_data is not null) ArrayPool<byte>.Shared.Return(_data);
        _data = null;
    }
}
