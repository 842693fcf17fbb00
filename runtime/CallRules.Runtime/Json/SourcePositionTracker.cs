using System;
using CallRules.Runtime.Pipeline;

namespace CallRules.Runtime.Json;

/// <summary>
/// Turns byte offsets in a UTF-8 buffer into 1-based lines and columns. A reader asks for offsets in increasing order,
/// so the tracker moves forward from its last answer and looks at each byte about once (with vectorised searches),
/// however long the lines are: a minified file of one line costs no more than a pretty-printed one. Columns count
/// characters (UTF-8 sequences), not bytes.
/// </summary>
public sealed class SourcePositionTracker
{
    private ReadOnlyMemory<byte> _buffer;
    private SourcePosition _start = new(1, 1);
    private LineScanner _scanner = LineScanner.Create();

    /// <summary>Starts over on <paramref name="buffer"/>, whose first byte is at <paramref name="start"/>.</summary>
    public void Reset(ReadOnlyMemory<byte> buffer, SourcePosition start)
    {
        _buffer = buffer;
        _start = start.IsKnown ? start : new SourcePosition(1, 1);
        _scanner = LineScanner.StartingAt(_start);
    }

    /// <summary>The position of the byte at <paramref name="offset"/> in the buffer.</summary>
    public SourcePosition PositionOf(long offset)
    {
        var target = Math.Clamp(offset, 0, _buffer.Length);
        if (target < _scanner.Scanned)
            _scanner = LineScanner.StartingAt(_start); // asked to go back: rescan from the buffer's start
        _scanner.Advance(_buffer.Span, 0, target);
        return _scanner.Position;
    }
}
