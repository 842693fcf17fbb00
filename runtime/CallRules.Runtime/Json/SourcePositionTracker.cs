using System;
using CallRules.Runtime.Pipeline;

namespace CallRules.Runtime.Json;

/// <summary>
/// Turns byte offsets in a UTF-8 buffer into 1-based lines and columns. A reader asks for offsets in increasing order
/// (going back only inside the object it reads, see <see cref="Mark"/>), so the tracker moves forward from its last
/// answer and looks at each byte about once (with vectorised searches), however long the lines are: a minified file of
/// one line costs no more than a pretty-printed one. Columns count characters (UTF-8 sequences), not bytes.
/// </summary>
public sealed class SourcePositionTracker
{
    private ReadOnlyMemory<byte> _buffer;
    private SourcePosition _start = new(1, 1);
    private LineScanner _scanner = LineScanner.Create();
    private LineScanner _mark = LineScanner.Create(); // where a request for an earlier offset rescans from

    /// <summary>Starts over on <paramref name="buffer"/>, whose first byte is at <paramref name="start"/>.</summary>
    public void Reset(ReadOnlyMemory<byte> buffer, SourcePosition start)
    {
        _buffer = buffer;
        _start = start.IsKnown ? start : new SourcePosition(1, 1);
        _scanner = LineScanner.StartingAt(_start);
        _mark = _scanner;
    }

    /// <summary>
    /// Moves to <paramref name="offset"/> and remembers it: a later request for an offset before the current one but
    /// not before this one rescans from here instead of from the buffer's start (a reader marks the start of each
    /// object, so going back inside an object never rescans the objects before it).
    /// </summary>
    public void Mark(long offset)
    {
        PositionOf(offset);
        _mark = _scanner;
    }

    /// <summary>The position of the byte at <paramref name="offset"/> in the buffer.</summary>
    public SourcePosition PositionOf(long offset)
    {
        var target = Math.Clamp(offset, 0, _buffer.Length);
        if (target < _scanner.Scanned) // asked to go back: rescan from the mark, or from the buffer's start
            _scanner = target >= _mark.Scanned ? _mark : LineScanner.StartingAt(_start);
        _scanner.Advance(_buffer.Span, 0, target);
        return _scanner.Position;
    }
}
