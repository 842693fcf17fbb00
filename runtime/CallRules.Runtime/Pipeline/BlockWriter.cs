using System;
using System.Buffers;
using System.IO;
using System.Threading.Tasks;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Writes to a stream in large blocks, one block written on another thread while the caller fills the next: the output
/// of a large compile is gathered from many small sections, and copying them and the system's write each take a core.
/// The stream sees the same bytes in the same order, one write at a time; a write's exception is thrown to the caller
/// at its next block or at <see cref="Complete"/>. Only the last block of a run is written on the caller's thread, so
/// an output of one block (a hook checking one file) starts no task.
/// </summary>
internal sealed class BlockWriter(Stream destination) : IDisposable
{
    private const int BlockSize = 1024 * 1024;

    private byte[]? _current = ArrayPool<byte>.Shared.Rent(BlockSize);
    private byte[]? _spare;
    private int _used;
    private Task? _pending;

    /// <summary>Room for <paramref name="length"/> bytes in the current block (a new block when it has too little); at most a block.</summary>
    public Span<byte> GetSpan(int length)
    {
        if (_current!.Length - _used < length) Flush();
        return _current.AsSpan(_used, length);
    }

    public void Advance(int length) => _used += length;

    /// <summary>Whether <paramref name="length"/> bytes fit in one block; a longer piece goes through <see cref="Write"/>.</summary>
    public static bool FitsInBlock(int length) => length <= BlockSize;

    /// <summary>Writes <paramref name="bytes"/> after what was written before.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var part = Math.Min(bytes.Length, _current!.Length - _used);
            if (part == 0)
            {
                Flush();
                continue;
            }
            bytes[..part].CopyTo(_current.AsSpan(_used));
            _used += part;
            bytes = bytes[part..];
        }
    }

    /// <summary>Hands the current block to the write thread once the previous write is done.</summary>
    private void Flush()
    {
        WaitForPending();
        if (_used == 0) return;
        var block = _current!;
        var length = _used;
        _pending = Task.Run(() => destination.Write(block, 0, length));
        _current = _spare ?? ArrayPool<byte>.Shared.Rent(BlockSize);
        _spare = block;
        _used = 0;
    }

    private void WaitForPending()
    {
        var pending = _pending;
        _pending = null;
        pending?.GetAwaiter().GetResult();
    }

    /// <summary>Writes what is left, on this thread, after the write in flight.</summary>
    public void Complete()
    {
        WaitForPending();
        destination.Write(_current!, 0, _used);
        _used = 0;
    }

    /// <summary>Waits for a write in flight (its failure is not thrown again here) and returns the blocks.</summary>
    public void Dispose()
    {
        try
        {
            _pending?.Wait();
        }
        catch (AggregateException)
        {
            // Thrown to the caller already, or the caller is failing for another reason.
        }
        _pending = null;
        if (_current is not null) ArrayPool<byte>.Shared.Return(_current);
        if (_spare is not null) ArrayPool<byte>.Shared.Return(_spare);
        _current = _spare = null;
    }
}
