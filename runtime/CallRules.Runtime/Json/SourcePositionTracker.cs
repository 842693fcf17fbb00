using System;

namespace CallRules.Runtime.Json;

/// <summary>
/// Turns byte offsets in a UTF-8 buffer into 1-based lines and columns. Offsets are usually asked for in increasing
/// order (as a reader meets tokens), so the tracker scans forward from the last answer and the whole buffer is
/// scanned about once. Columns count characters (UTF-8 sequences), not bytes.
/// </summary>
public sealed class SourcePositionTracker
{
    private ReadOnlyMemory<byte> _buffer;
    private SourcePosition _bufferStart;
    private int _scanned;          // bytes before this offset have been scanned for line ends
    private int _line;             // line number at _scanned
    private int _lineStart;        // offset of the first byte of _line, or -1 when it began before the buffer

    /// <summary>Starts over on <paramref name="buffer"/>, whose first byte is at <paramref name="start"/>.</summary>
    public void Reset(ReadOnlyMemory<byte> buffer, SourcePosition start)
    {
        _buffer = buffer;
        _bufferStart = start.IsKnown ? start : new SourcePosition(1, 1);
        _scanned = 0;
        _line = _bufferStart.Line;
        _lineStart = -1;
    }

    /// <summary>The position of the byte at <paramref name="offset"/> in the buffer.</summary>
    public SourcePosition PositionOf(long offset)
    {
        var target = (int)Math.Clamp(offset, 0, _buffer.Length);
        if (target < _scanned)
        {
            // Asked to go back: rescan from the start of the buffer.
            _scanned = 0;
            _line = _bufferStart.Line;
            _lineStart = -1;
        }
        var span = _buffer.Span;
        while (_scanned < target)
        {
            var next = span[_scanned..target].IndexOf((byte)'\n');
            if (next < 0) { _scanned = target; break; }
            _scanned += next + 1;
            _line++;
            _lineStart = _scanned;
        }
        if (_lineStart < 0)
            return new SourcePosition(_line, _bufferStart.Column + CountCharacters(span[..target]));
        return new SourcePosition(_line, 1 + CountCharacters(span[_lineStart..target]));
    }

    private static int CountCharacters(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
            if ((b & 0xC0) != 0x80) count++;
        return count;
    }
}
