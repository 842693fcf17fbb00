using System;
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

    public static LineScanner Create() => new() { _line = 1, _column = 1 };

    /// <summary>A scanner whose offset 0 is at <paramref name="start"/>, in a line that began before offset 0.</summary>
    public static LineScanner StartingAt(SourcePosition start) =>
        new() { _line = start.Line, _column = start.Column, _lineStart = -1 };

    public readonly long Scanned => _scanned;

    /// <summary>The absolute offset of the first byte of the line of the offset scanned to.</summary>
    public readonly long LineStart => _lineStart;

    /// <summary>Moves to <paramref name="target"/>; <paramref name="buffer"/> holds the file from <paramref name="bufferStart"/>.</summary>
    public void Advance(ReadOnlySpan<byte> buffer, long bufferStart, long target)
    {
        if (target <= _scanned) return;
        var span = buffer.Slice((int)(_scanned - bufferStart), (int)(target - _scanned));
        var lastBreak = span.LastIndexOf((byte)'\n');
        if (lastBreak >= 0)
        {
            _line += span[..(lastBreak + 1)].Count((byte)'\n');
            _lineStart = _scanned + lastBreak + 1;
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
    /// The position of a byte given as a 1-based line and a 0-based byte offset in that line (as <c>JsonException</c>
    /// reports it), with the column in characters when the line's start is still in the buffer.
    /// </summary>
    public SourcePosition PositionInLine(ReadOnlySpan<byte> buffer, long bufferStart, long bufferEnd, int line, long byteInLine)
    {
        while (_line < line && _scanned < bufferEnd)
        {
            var rest = buffer.Slice((int)(_scanned - bufferStart), (int)(bufferEnd - _scanned));
            var next = rest.IndexOf((byte)'\n');
            if (next < 0) break;
            Advance(buffer, bufferStart, _scanned + next + 1);
        }
        if (_line == line && _lineStart >= bufferStart)
        {
            var end = Math.Min(_lineStart + byteInLine, bufferEnd);
            var text = buffer.Slice((int)(_lineStart - bufferStart), (int)(end - _lineStart));
            return new SourcePosition(line, 1 + CountCharacters(text) + (int)(_lineStart + byteInLine - end));
        }
        return new SourcePosition(line, (int)Math.Min(byteInLine + 1, int.MaxValue));
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
