using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using CallRules.Runtime.Json;

namespace CallRules.Runtime.Pipeline;

/// <summary>Receives one definition object's bytes, the position of its opening brace, and its index in the top-level array (-1 for a lone object).</summary>
internal delegate void DefinitionSink(ReadOnlySpan<byte> json, SourcePosition start, long index);

/// <summary>
/// Splits one definition file into the bytes of its definition objects without loading it whole: a top-level object,
/// or each element of a top-level array. The file is read in blocks into a buffer that keeps only the object being
/// framed, and a <see cref="Utf8JsonReader"/> continues across blocks (isFinalBlock false, with its saved state).
/// It reads token by token rather than with <c>TrySkip</c>: that also sees how deep the nesting is (so too-deep JSON
/// gets its own error) and never re-reads a partly received object. Problems of the file as a whole become errors
/// with a position; what the objects say is left to the generated reader.
/// </summary>
internal sealed class DefinitionFramer
{
    private const int BlockSize = 64 * 1024;
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly int _maxDefinitionBytes;
    private readonly int _maxDepth;
    private readonly JsonReaderOptions _options;

    public DefinitionFramer(int maxDefinitionBytes, int maxDepth)
    {
        _maxDefinitionBytes = maxDefinitionBytes;
        _maxDepth = maxDepth;
        // One level of slack, so this class reports too-deep nesting itself instead of the reader throwing. Comments are
        // tokens (read past below) because the reader ends a line at some of them (JsonReaderLines).
        _options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow, MaxDepth = maxDepth + 1 };
    }

    private enum Layout { Unknown, SingleObject, Array, Done }

    private const string OnlyComments = "The file holds only white space or comments; it should hold a definition object or an array of them.";

    /// <summary>Reads <paramref name="stream"/>, calls <paramref name="sink"/> for each well-formed definition object.</summary>
    public void Read(Stream stream, string file, DefinitionSink sink, ICollection<DefinitionError> errors,
        CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize * 2);
        try
        {
            ReadCore(stream, file, sink, errors, ref buffer, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadCore(Stream stream, string file, DefinitionSink sink, ICollection<DefinitionError> errors, ref byte[] buffer,
        CancellationToken cancellationToken)
    {
        long bufferStart = 0;   // file offset of buffer[0]
        var filled = 0;         // bytes of the file in buffer
        var endOfFile = false;
        long consumed = 0;      // file offset up to which the JSON reader has read
        var state = new JsonReaderState(_options);
        var lines = LineScanner.Create();
        var layout = Layout.Unknown;
        long elementStart = -1; // file offset of the object being framed, or -1
        var elementDepth = 0;
        var oversized = false;  // the object being framed is over the limit: read on, keep nothing
        long index = -1;        // index in the top-level array of the current element
        var synthetic = 0;      // tokens of the "[0" written over a skipped element's end, still to be read past
        long resumeLine = 0;    // after a skip: the line of the reader's first byte, and its byte offset in that line
        long resumeByte = 0;

        filled = Fill(stream, buffer, 0, ref endOfFile);
        if (!CheckEncoding(buffer.AsSpan(0, filled), file, errors)) return;
        if (buffer.AsSpan(0, filled).StartsWith(Utf8Bom))
        {
            // RFC 8259 lets a reader ignore a UTF-8 byte-order mark; positions start after it.
            buffer.AsSpan(Utf8Bom.Length, filled - Utf8Bom.Length).CopyTo(buffer);
            filled -= Utf8Bom.Length;
        }
        if (filled == 0 && endOfFile)
        {
            errors.Add(new DefinitionError(ErrorCodes.EmptyFile, "The file is empty; it should hold a definition object or an array of them.", File: file, Position: new SourcePosition(1, 1)));
            return;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var offset = (int)(consumed - bufferStart);
            var reader = new Utf8JsonReader(buffer.AsSpan(offset, filled - offset), endOfFile, state);
            try
            {
                while (reader.Read())
                {
                    if (synthetic > 0)
                    {
                        synthetic--;
                        continue;
                    }
                    var type = reader.TokenType;
                    if (type == JsonTokenType.Comment)
                    {
                        var lineBreak = JsonReaderLines.LineBreakAfter(ref reader, buffer.AsSpan(offset, filled - offset));
                        if (lineBreak >= 0) lines.AddReaderLineBreak(consumed + lineBreak);
                        continue;
                    }
                    var depth = reader.CurrentDepth;
                    var tokenStart = consumed + reader.TokenStartIndex;
                    if (type is JsonTokenType.StartObject or JsonTokenType.StartArray && depth >= _maxDepth)
                    {
                        errors.Add(At(file, ErrorCodes.TooDeep, PositionOf(ref lines, buffer, bufferStart, tokenStart),
                            $"The JSON is nested more than {_maxDepth} levels deep here; definitions are flat objects. The rest of the file is not read."));
                        return;
                    }
                    if (elementStart >= 0)
                    {
                        if (depth == elementDepth && type == JsonTokenType.EndObject)
                        {
                            var end = consumed + reader.BytesConsumed;
                            if (!oversized)
                                Frame(buffer.AsSpan((int)(elementStart - bufferStart), (int)(end - elementStart)), elementStart, index,
                                    file, sink, errors, ref lines, buffer, bufferStart);
                            elementStart = -1;
                            oversized = false;
                            if (layout == Layout.SingleObject) layout = Layout.Done;
                        }
                        continue;
                    }
                    switch (layout)
                    {
                        case Layout.Unknown when type == JsonTokenType.StartObject:
                            layout = Layout.SingleObject;
                            elementStart = tokenStart;
                            elementDepth = 0;
                            break;
                        case Layout.Unknown when type == JsonTokenType.StartArray:
                            layout = Layout.Array;
                            break;
                        case Layout.Unknown:
                            errors.Add(At(file, ErrorCodes.ExpectedObject, PositionOf(ref lines, buffer, bufferStart, tokenStart),
                                $"The file holds {Describe(type)}; it should hold a definition object or an array of them."));
                            return;
                        case Layout.Array when depth == 0 && type == JsonTokenType.EndArray:
                            layout = Layout.Done;
                            break;
                        case Layout.Array when depth == 1 && type == JsonTokenType.StartObject:
                            index++;
                            elementStart = tokenStart;
                            elementDepth = 1;
                            break;
                        case Layout.Array when depth == 1 && type is not (JsonTokenType.EndArray or JsonTokenType.EndObject):
                            index++;
                            errors.Add(new DefinitionError(ErrorCodes.ExpectedObject,
                                $"Element {index} of the array is {Describe(type)}; each element should be a definition object.",
                                JsonPath: JsonPaths.Element(JsonPaths.Root, index), File: file,
                                Position: PositionOf(ref lines, buffer, bufferStart, tokenStart)));
                            break;
                    }
                }
            }
            catch (JsonException e)
            {
                var end = bufferStart + filled;
                if (layout == Layout.Unknown && IsBlank(buffer.AsSpan(offset, filled - offset)))
                {
                    errors.Add(At(file, ErrorCodes.EmptyFile, new SourcePosition(1, 1), OnlyComments));
                    return;
                }
                // After a skip the reader counts lines from where it started again (two bytes before the skipped element's end).
                var line = (e.LineNumber ?? 0) + (resumeLine > 0 ? resumeLine : 1);
                var byteInLine = e.BytePositionInLine ?? 0;
                if (resumeLine > 0 && e.LineNumber == 0) byteInLine += resumeByte - 2;
                var position = lines.PositionInLine(buffer, bufferStart, end, (int)line, byteInLine);
                errors.Add(At(file, ErrorCodes.InvalidJson, position, $"The file is not valid JSON: {JsonReaderLines.Message(e)}"));
                return;
            }

            consumed += reader.BytesConsumed;
            state = reader.CurrentState;
            if (endOfFile)
            {
                // Comments are tokens to this reader, so a file of nothing else ends without an exception.
                if (layout == Layout.Unknown)
                    errors.Add(At(file, ErrorCodes.EmptyFile, new SourcePosition(1, 1), OnlyComments));
                return;
            }

            // Make room: keep the object being framed (unless it is already too large to use), else only the unread bytes.
            var keepFrom = elementStart >= 0 && !oversized ? elementStart : consumed;
            if (elementStart >= 0 && !oversized && bufferStart + filled - elementStart > _maxDefinitionBytes)
            {
                errors.Add(TooLarge(file, PositionOf(ref lines, buffer, bufferStart, elementStart), index));
                oversized = true;
                keepFrom = consumed;
            }
            lines.Advance(buffer, bufferStart, Math.Max(lines.Scanned, keepFrom));
            var keep = (int)(bufferStart + filled - keepFrom);
            if (keep > 0 && keepFrom != bufferStart)
                Buffer.BlockCopy(buffer, (int)(keepFrom - bufferStart), buffer, 0, keep);
            bufferStart = keepFrom;
            filled = keep;
            if (buffer.Length - filled < BlockSize)
            {
                if (buffer.Length >= 2L * _maxDefinitionBytes + 2 * BlockSize)
                {
                    // One token (a huge string) larger than any definition may be: the reader cannot step over it without
                    // holding it whole. Inside an element of the array, skip the rest of the element byte by byte and
                    // go on with the next; anywhere else, stop rather than grow without bound.
                    if (!oversized) errors.Add(TooLarge(file, PositionOf(ref lines, buffer, bufferStart, elementStart >= 0 ? elementStart : consumed), index));
                    if (layout != Layout.Array || elementStart < 0) return;
                    var open = reader.CurrentDepth + (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1 : 0);
                    var skipper = new ElementSkipper(open - elementDepth);
                    long end;
                    while ((end = skipper.Skip(buffer, bufferStart, filled, consumed)) < 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (endOfFile)
                        {
                            errors.Add(At(file, ErrorCodes.InvalidJson, PositionOf(ref lines, buffer, bufferStart, bufferStart + filled),
                                "The file is not valid JSON: it ends inside a definition."));
                            return;
                        }
                        // Keep two bytes: the "[0" the reader restarts on is written over the last two of the element.
                        consumed = bufferStart + filled;
                        lines.Advance(buffer, bufferStart, consumed - 2);
                        Buffer.BlockCopy(buffer, filled - 2, buffer, 0, 2);
                        bufferStart = consumed - 2;
                        filled = 2 + Fill(stream, buffer, 2, ref endOfFile);
                    }
                    // Restart the reader on the rest of the array as if it began there: "[0" stands for the array and
                    // the skipped element, and its two tokens are read past.
                    lines.Advance(buffer, bufferStart, end);
                    resumeLine = lines.Position.Line;
                    resumeByte = end - lines.LineStart;
                    lines.RestartReaderLines();
                    buffer[(int)(end - 2 - bufferStart)] = (byte)'[';
                    buffer[(int)(end - 1 - bufferStart)] = (byte)'0';
                    consumed = end - 2;
                    state = new JsonReaderState(_options);
                    synthetic = 2;
                    elementStart = -1;
                    oversized = false;
                    var rest = (int)(bufferStart + filled - consumed);
                    Buffer.BlockCopy(buffer, (int)(consumed - bufferStart), buffer, 0, rest);
                    bufferStart = consumed;
                    filled = rest;
                    if (filled < BlockSize && !endOfFile) filled += Fill(stream, buffer, filled, ref endOfFile);
                    continue;
                }
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            filled += Fill(stream, buffer, filled, ref endOfFile);
        }
    }

    private void Frame(ReadOnlySpan<byte> json, long start, long index, string file, DefinitionSink sink,
        ICollection<DefinitionError> errors, ref LineScanner lines, byte[] buffer, long bufferStart)
    {
        var position = PositionOf(ref lines, buffer, bufferStart, start);
        if (json.Length > _maxDefinitionBytes)
        {
            errors.Add(TooLarge(file, position, index));
            return;
        }
        var invalid = Utf8Validation.IndexOfInvalid(json);
        if (invalid >= 0)
        {
            errors.Add(new DefinitionError(ErrorCodes.NotUtf8,
                "The definition holds bytes that are not UTF-8; save the file as UTF-8.",
                JsonPath: Path(index), File: file, Position: PositionOf(ref lines, buffer, bufferStart, start + invalid)));
            return;
        }
        sink(json, position, index);
    }

    private DefinitionError TooLarge(string file, SourcePosition position, long index) =>
        new(ErrorCodes.DefinitionTooLarge,
            $"The definition is larger than {_maxDefinitionBytes / 1024} KiB; no definition needs that much. It is not read.",
            JsonPath: Path(index), File: file, Position: position);

    private static string Path(long index) => index < 0 ? JsonPaths.Root : JsonPaths.Element(JsonPaths.Root, index);

    private static SourcePosition PositionOf(ref LineScanner lines, byte[] buffer, long bufferStart, long offset)
    {
        lines.Advance(buffer, bufferStart, offset);
        return lines.Position;
    }

    private static DefinitionError At(string file, string code, SourcePosition position, string message) =>
        new(code, message, File: file, Position: position);

    private static int Fill(Stream stream, byte[] buffer, int from, ref bool endOfFile)
    {
        var total = 0;
        while (from + total < buffer.Length && total < BlockSize)
        {
            var read = stream.Read(buffer, from + total, buffer.Length - from - total);
            if (read == 0) { endOfFile = true; break; }
            total += read;
        }
        return total;
    }

    /// <summary>UTF-16 and UTF-32 files (with or without a byte-order mark) are refused before JSON reading starts.</summary>
    private static bool CheckEncoding(ReadOnlySpan<byte> start, string file, ICollection<DefinitionError> errors)
    {
        if (EncodingProblem(start) is not { } found) return true;
        errors.Add(new DefinitionError(ErrorCodes.NotUtf8, $"The file is {found}; definition files must be UTF-8. Save it as UTF-8.",
            File: file, Position: new SourcePosition(1, 1)));
        return false;
    }

    /// <summary>Whether a file that starts with <paramref name="start"/> (its first block) may be UTF-8.</summary>
    internal static bool StartsAsUtf8(ReadOnlySpan<byte> start) => EncodingProblem(start) is null;

    private static string? EncodingProblem(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            return "UTF-32 (it starts with a UTF-32 byte-order mark)";
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return "UTF-16 (it starts with a UTF-16 byte-order mark)";
        if (start.Length >= 2 && (start[0] == 0 || start[1] == 0))
            return "UTF-16 or UTF-32 (it holds NUL bytes)";
        return null;
    }

    /// <summary>Whether <paramref name="text"/> holds only JSON white space and comments.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var b = text[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') { i++; continue; }
            if (b != '/' || i + 1 >= text.Length) return false;
            if (text[i + 1] == '/')
            {
                var end = text[i..].IndexOfAny((byte)'\n', (byte)'\r'); // the reader ends a // comment at either
                if (end < 0) return true;
                i += end + 1;
            }
            else if (text[i + 1] == '*')
            {
                var end = text[(i + 2)..].IndexOf("*/"u8);
                if (end < 0) return false;
                i += end + 4;
            }
            else return false;
        }
        return true;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "something else",
    };
}

/// <summary>
/// Finds the end of a definition object without a JSON reader, for an object with a token too large to buffer: it
/// follows strings (with their escapes), comments and brackets, counting how deep it is, and stops after the bracket
/// that closes the object. It does not check the syntax inside; the object is reported as too large and not read.
/// </summary>
internal struct ElementSkipper(int depth)
{
    private int _depth = depth;
    private bool _inString;
    private bool _escaped;
    private byte _comment; // 0 none, 1 after '/', 2 in a line comment, 3 in a block comment, 4 after '*' in one

    /// <summary>Scans the buffer from <paramref name="from"/> (a file offset); returns the file offset just past the object's end, or -1.</summary>
    public long Skip(byte[] buffer, long bufferStart, int filled, long from)
    {
        var span = buffer.AsSpan((int)(from - bufferStart), (int)(bufferStart + filled - from));
        var i = 0;
        while (i < span.Length)
        {
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                    i++;
                    continue;
                }
                // Most of a huge element is one string: jump to the next quote or backslash.
                var next = span[i..].IndexOfAny((byte)'"', (byte)'\\');
                if (next < 0) return -1;
                i += next;
                if (span[i] == (byte)'\\') _escaped = true;
                else _inString = false;
                i++;
                continue;
            }
            var b = span[i++];
            switch (_comment)
            {
                case 2:
                    if (b is (byte)'\n' or (byte)'\r') _comment = 0; // where the JSON reader ends a // comment
                    continue;
                case 3:
                    if (b == (byte)'*') _comment = 4;
                    continue;
                case 4:
                    _comment = b == (byte)'/' ? (byte)0 : b == (byte)'*' ? (byte)4 : (byte)3;
                    continue;
                case 1:
                    if (b == (byte)'/') { _comment = 2; continue; }
                    if (b == (byte)'*') { _comment = 3; continue; }
                    _comment = 0;
                    break;
            }
            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--_depth == 0) return from + i;
                    break;
                case (byte)'/':
                    _comment = 1;
                    break;
            }
        }
        return -1;
    }
}
