using System;
using System.Collections.Generic;
using System.Text;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Tracks the 1-based line and column of a forward-moving offset in a file read in pieces. Columns count characters
/// (UTF-8 sequences), like <see cref="Json.SourcePositionTracker"/>. Bytes must be scanned before they leave the
/// buffer; each byte is looked at about once, with vectorised searches.
/// </summary>
internal struct LineScanner
{
    private long _scanned;     // absolute offset up to which lines are counted
    private int _line;
    private int _column;       // column of the byte at _scanned
    private long _lineStart;   // absolute offset of the first byte of _line

    // The JSON reader's lines (see PositionInLine): offsets of the carriage returns it ends a line at and this scanner
    // has not passed yet, how many more lines than ours it has counted up to _scanned, and where its line starts.
    private Queue<long>? _readerBreaks;
    private int _readerExtra;
    private long _readerLineStart;

    public static LineScanner Create() => new() { _line = 1, _column = 1 };

    /// <summary>A scanner whose offset 0 is at <paramref name="start"/>, in a line that began before offset 0.</summary>
    public static LineScanner StartingAt(SourcePosition start) =>
        new() { _line = start.Line, _column = start.Column, _lineStart = -1, _readerLineStart = -1 };

    public readonly long Scanned => _scanned;

    /// <summary>The absolute offset of the first byte of the line of the offset scanned to.</summary>
    public readonly long LineStart => _lineStart;

    /// <summary>Moves to <paramref name="target"/>; <paramref name="buffer"/> holds the file from <paramref name="bufferStart"/>.</summary>
    public void Advance(ReadOnlySpan<byte> buffer, long bufferStart, long target)
    {
        if (target <= _scanned) return;
        while (_readerBreaks is { Count: > 0 } breaks && breaks.Peek() < target)
        {
            var at = breaks.Dequeue();
            Scan(buffer, bufferStart, at + 1);
            _readerExtra++;
            _readerLineStart = at + 1;
        }
        Scan(buffer, bufferStart, target);
    }

    private void Scan(ReadOnlySpan<byte> buffer, long bufferStart, long target)
    {
        if (target <= _scanned) return;
        var span = buffer.Slice((int)(_scanned - bufferStart), (int)(target - _scanned));
        var lastBreak = span.LastIndexOf((byte)'\n');
        if (lastBreak >= 0)
        {
            _line += span[..(lastBreak + 1)].Count((byte)'\n');
            _lineStart = _scanned + lastBreak + 1;
            _readerLineStart = _lineStart;
            _column = 1 + CountCharacters(span[(lastBreak + 1)..]);
        }
        else
        {
            _column += CountCharacters(span);
        }
        _scanned = target;
    }

    /// <summary>The position of the byte at the offset scanned to.</summary>
    public readonly SourcePosition Position => new(_line, _column);

    /// <summary>
    /// Notes that <see cref="System.Text.Json.Utf8JsonReader"/> ends a line at the carriage return at
    /// <paramref name="offset"/> (see <see cref="Json.JsonReaderLines"/>), which this scanner has not passed yet.
    /// </summary>
    public void AddReaderLineBreak(long offset)
    {
        if (offset < _scanned) return; // counted as ours already; cannot happen for a reader that runs ahead of the scanner
        (_readerBreaks ??= new Queue<long>()).Enqueue(offset);
    }

    /// <summary>A new JSON reader starts at the offset scanned to, counting its lines from the line of that offset.</summary>
    public void RestartReaderLines()
    {
        _readerBreaks?.Clear();
        _readerExtra = 0;
        _readerLineStart = _lineStart;
    }

    /// <summary>
    /// The position of a byte given as a 1-based line and a 0-based byte offset in that line as the JSON reader counts
    /// them (<c>JsonException.LineNumber + 1</c> and <c>BytePositionInLine</c>): its lines also end at the carriage
    /// returns given to <see cref="AddReaderLineBreak"/>. The answer counts lines at line feeds and columns in characters,
    /// like every other position; the column is in bytes only when the line's start has already left the buffer.
    /// </summary>
    public SourcePosition PositionInLine(ReadOnlySpan<byte> buffer, long bufferStart, long bufferEnd, int line, long byteInLine)
    {
        while (_line + _readerExtra < line && _scanned < bufferEnd)
        {
            var rest = buffer.Slice((int)(_scanned - bufferStart), (int)(bufferEnd - _scanned));
            var next = rest.IndexOf((byte)'\n');
            var nextBreak = next < 0 ? long.MaxValue : _scanned + next + 1;
            if (_readerBreaks is { Count: > 0 } breaks && breaks.Peek() < bufferEnd) nextBreak = Math.Min(nextBreak, breaks.Peek() + 1);
            if (nextBreak == long.MaxValue) break;
            Advance(buffer, bufferStart, nextBreak);
        }
        var ourLine = line - _readerExtra;
        if (_line == ourLine && _readerLineStart >= bufferStart)
        {
            var target = _readerLineStart + byteInLine;
            if (target >= _scanned)
            {
                var end = Math.Min(target, bufferEnd);
                Advance(buffer, bufferStart, end);
                return new SourcePosition(_line, _column + (int)Math.Min(target - end, int.MaxValue));
            }
            if (_lineStart >= bufferStart)
            {
                var text = buffer.Slice((int)(_lineStart - bufferStart), (int)(target - _lineStart));
                return new SourcePosition(_line, 1 + CountCharacters(text));
            }
        }
        return new SourcePosition(ourLine, (int)Math.Min(byteInLine + 1, int.MaxValue));
    }

    private static int CountCharacters(ReadOnlySpan<byte> utf8)
    {
        if (Ascii.IsValid(utf8)) return utf8.Length;
        var count = 0;
        foreach (var b in utf8)
            if ((b & 0xC0) != 0x80) count++;
        return count;
    }
}
