using System;
using System.IO;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// The fast way to split a definition file into its definition objects: instead of a JSON reader over every token
/// (which the workers run again on each object), it reads the file straight into batch buffers and finds only where
/// each object starts and ends, 64 bytes at a time, from bit masks of quotes, backslashes and brackets (which bytes
/// are inside strings follows from the unescaped quotes). Lines and columns of each object's start come from the same
/// masks. It checks what stands between the objects itself: only white space and one comma.
/// </summary>
/// <remarks>
/// It does not check what is inside an object: the worker reads every object with a JSON reader anyway, and a frame
/// that is not exactly one well-formed object makes the worker give the file back. So does anything this class does
/// not take on: a comment, an element that is not an object, nesting too deep, a definition too large, a file that
/// does not start as UTF-8, or one that ends early. Such a file is read again, from its start, by
/// <see cref="DefinitionFramer"/>, which gives every error its message and position; everything the first pass made
/// of it is dropped. If the fast pass accepts a file, every byte is in a frame that a JSON reader read whole, or is
/// white space, one comma between frames, or the top-level array's brackets: the file is valid JSON, and its objects
/// are those the framer would frame, at the same positions.
/// </remarks>
internal sealed class DefinitionSplitter
{
    private const int BlockBytes = 64;
    private const ulong OddBits = 0xAAAA_AAAA_AAAA_AAAAUL;
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly int _maxDefinitionBytes;
    private readonly int _maxDepth;
    private readonly int _batchBytes;

    public DefinitionSplitter(int maxDefinitionBytes, int maxDepth, int batchBytes)
    {
        _maxDefinitionBytes = maxDefinitionBytes;
        _maxDepth = maxDepth;
        _batchBytes = Math.Max(batchBytes, 4 * BlockBytes);
    }

    /// <summary>Where the scan is between the top-level value's tokens.</summary>
    private enum Layout : byte { BeforeRoot, Array, InElement, Done }

    /// <summary>
    /// Splits <paramref name="stream"/> into batches of definition objects for <paramref name="post"/>. Returns false
    /// when the file holds something only <see cref="DefinitionFramer"/> reads exactly (see the remarks on the class),
    /// when reading it fails, or when <paramref name="abandoned"/> says a worker gave the file back; what was posted for it must then be
    /// dropped and the file read again with the framer.
    /// </summary>
    public bool Read(Stream stream, int fileIndex, string file, Action<DefinitionBatch> post, Func<bool> abandoned,
        CancellationToken cancellationToken)
    {
        var scan = new Scan(_maxDepth);
        var batch = new DefinitionBatch(fileIndex, file, _batchBytes, split: true);
        try
        {
            var data = batch.Data;
            var filled = Fill(stream, data, 0, out var endOfFile);
            if (!DefinitionFramer.StartsAsUtf8(data.AsSpan(0, filled))) return false;
            var at = 0; // the next byte to scan
            if (data.AsSpan(0, filled).StartsWith(Utf8Bom)) at = Utf8Bom.Length; // positions start after it
            scan.StartAt(at);

            while (true)
            {
                while (filled - at >= BlockBytes)
                {
                    if (!scan.Block(data, at, BlockBytes, batch, _maxDefinitionBytes)) return false;
                    at += BlockBytes;
                }
                if (endOfFile)
                {
                    if (filled > at && !scan.Block(data, at, filled - at, batch, _maxDefinitionBytes)) return false;
                    if (!scan.Finish(data, filled)) return false;
                    if (batch.Count > 0)
                    {
                        post(batch);
                        batch = null!;
                    }
                    return !abandoned();
                }
                if (filled < data.Length)
                {
                    filled += Fill(stream, data, filled, out endOfFile);
                    continue;
                }

                // The buffer is full: hand over the finished objects, and start the next buffer with the bytes still
                // needed (the object being split, or the unscanned rest).
                cancellationToken.ThrowIfCancellationRequested();
                if (abandoned()) return false;
                if (!scan.CheckGap(data, at)) return false;
                var keepFrom = scan.ElementStart >= 0 ? scan.ElementStart : at;
                var keep = filled - keepFrom;
                if (scan.ElementStart >= 0 && keep > _maxDefinitionBytes) return false;
                var next = new DefinitionBatch(fileIndex, file, Math.Max(_batchBytes, keep + _batchBytes / 2), split: true);
                data.AsSpan(keepFrom, keep).CopyTo(next.Data);
                if (batch.Count > 0)
                {
                    post(batch);
                }
                else
                {
                    batch.Release();
                }
                batch = next;
                data = batch.Data;
                scan.Rebase(keepFrom);
                at -= keepFrom;
                filled = keep;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The framer reads the file again and reports the failure where it meets it, with what was read before.
            return false;
        }
        finally
        {
            batch?.Release();
        }
    }

    private static int Fill(Stream stream, byte[] buffer, int from, out bool endOfFile)
    {
        endOfFile = false;
        var total = 0;
        while (from + total < buffer.Length)
        {
            var read = stream.Read(buffer, from + total, buffer.Length - from - total);
            if (read == 0)
            {
                endOfFile = true;
                break;
            }
            total += read;
        }
        return total;
    }

    /// <summary>
    /// The scan's state from one 64-byte block to the next: inside a string or not, whether the next byte is escaped,
    /// how deep, the line and column, and the object being split.
    /// </summary>
    private struct Scan(int maxDepth)
    {
        private readonly int _maxDepth = maxDepth;
        private ulong _inString;      // all ones when the block before ended inside a string
        private ulong _nextEscaped;   // 1 when the block before ended with a backslash that escapes this block's first byte
        private int _depth;           // containers open at the scan position (outside strings)
        private Layout _layout;
        private int _line = 1;        // line of the block's first byte
        private long _column;         // characters before the block's first byte in its line
        private int _elementStart = -1;
        private SourcePosition _elementPosition;
        private int _index = -1;      // index of the last element started in the top-level array
        private int _gapFrom;         // first byte of the white space (and comma) not yet checked after a token
        private int _gapCommas;       // commas seen in the current gap
        private bool _gapNeedsComma;  // the gap is between two elements

        /// <summary>Scanning starts at <paramref name="offset"/> (after a byte-order mark).</summary>
        public void StartAt(int offset) => _gapFrom = offset;

        /// <summary>The offset of the object being split in the current buffer, or -1.</summary>
        public readonly int ElementStart => _layout == Layout.InElement ? _elementStart : -1;

        /// <summary>Scans <paramref name="length"/> (at most 64) bytes at <paramref name="at"/>; false at anything the framer must see.</summary>
        public bool Block(byte[] data, int at, int length, DefinitionBatch batch, int maxDefinitionBytes)
        {
            ulong quote, backslash, open, close, slash, newline, continuation;
            if (length == BlockBytes)
            {
                Classify(ref data[at], out quote, out backslash, out open, out close, out slash, out newline, out continuation);
            }
            else
            {
                // The file's last bytes: padded with spaces, which belong to no class.
                Span<byte> padded = stackalloc byte[BlockBytes];
                padded.Fill((byte)' ');
                data.AsSpan(at, length).CopyTo(padded);
                Classify(ref MemoryMarshal.GetReference(padded), out quote, out backslash, out open, out close, out slash, out newline, out continuation);
            }

            var escaped = Escaped(backslash);
            var inString = PrefixXor(quote & ~escaped) ^ _inString;
            _inString = (ulong)((long)inString >> 63);
            var structural = (open | close | slash) & ~inString;
            while (structural != 0)
            {
                var bit = BitOperations.TrailingZeroCount(structural);
                structural &= structural - 1;
                var offset = at + bit;
                var b = data[offset];
                if (b == (byte)'/') return false; // a comment: the framer skips it exactly
                if ((b | 0x20) == '{')
                {
                    if (_depth >= _maxDepth) return false;
                    switch (_layout)
                    {
                        case Layout.BeforeRoot:
                            if (!CheckGap(data, offset, commas: 0)) return false;
                            _depth = 1;
                            if (b == (byte)'[')
                            {
                                _layout = Layout.Array;
                                StartGap(offset + 1, needsComma: false);
                            }
                            else
                            {
                                StartElement(offset, bit, newline, continuation);
                            }
                            continue;
                        case Layout.Array:
                            if (b != (byte)'{' || !CheckGap(data, offset, _gapNeedsComma ? 1 : 0)) return false;
                            _index++;
                            _depth = 2;
                            StartElement(offset, bit, newline, continuation);
                            continue;
                        case Layout.InElement:
                            _depth++;
                            continue;
                        default:
                            return false;
                    }
                }
                // A closing bracket.
                switch (_layout)
                {
                    case Layout.InElement:
                        var end = offset + 1;
                        if (--_depth > (_index >= 0 ? 1 : 0)) continue;
                        if (end - _elementStart > maxDefinitionBytes) return false;
                        batch.AddFrame(_elementStart, end - _elementStart, _elementPosition, _index);
                        if (_depth == 0)
                        {
                            _layout = Layout.Done;
                            StartGap(end, needsComma: false);
                        }
                        else
                        {
                            _layout = Layout.Array;
                            StartGap(end, needsComma: true);
                        }
                        continue;
                    case Layout.Array:
                        // The end of the top-level array: no comma may come before it.
                        if (b != (byte)']' || !CheckGap(data, offset, commas: 0)) return false;
                        _depth = 0;
                        _layout = Layout.Done;
                        StartGap(offset + 1, needsComma: false);
                        continue;
                    default:
                        return false;
                }
            }

            if (_layout == Layout.InElement && at + length - _elementStart > maxDefinitionBytes) return false;
            if (newline != 0)
            {
                _line += BitOperations.PopCount(newline);
                var afterLast = ~0UL << (63 - BitOperations.LeadingZeroCount(newline)) << 1;
                _column = BitOperations.PopCount(~continuation & afterLast & LowBits(length));
            }
            else
            {
                _column += BitOperations.PopCount(~continuation & LowBits(length));
            }
            return true;
        }

        private static ulong LowBits(int length) => length == BlockBytes ? ~0UL : (1UL << length) - 1;

        private void StartElement(int offset, int bit, ulong newline, ulong continuation)
        {
            _layout = Layout.InElement;
            _elementStart = offset;
            var below = (1UL << bit) - 1;
            var newlineBelow = newline & below;
            if (newlineBelow != 0)
            {
                var afterLast = ~0UL << (63 - BitOperations.LeadingZeroCount(newlineBelow)) << 1;
                _elementPosition = new SourcePosition(_line + BitOperations.PopCount(newlineBelow),
                    1 + BitOperations.PopCount(~continuation & below & afterLast));
            }
            else
            {
                _elementPosition = new SourcePosition(_line, (int)Math.Min(int.MaxValue, 1 + _column + BitOperations.PopCount(~continuation & below)));
            }
        }

        private void StartGap(int from, bool needsComma)
        {
            _gapFrom = from;
            _gapCommas = 0;
            _gapNeedsComma = needsComma;
        }

        /// <summary>Checks the gap's bytes up to <paramref name="to"/>, to be continued (before a buffer is recycled).</summary>
        public bool CheckGap(byte[] data, int to)
        {
            if (_layout == Layout.InElement) return true;
            var from = _gapFrom;
            _gapFrom = to;
            return CheckGapBytes(data, from, to);
        }

        /// <summary>Checks that the gap ends at <paramref name="to"/> with exactly <paramref name="commas"/> commas in it.</summary>
        private bool CheckGap(byte[] data, int to, int commas) => CheckGapBytes(data, _gapFrom, to) && _gapCommas == commas;

        private bool CheckGapBytes(byte[] data, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                switch (data[i])
                {
                    case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                        break;
                    case (byte)',' when _layout == Layout.Array && _gapCommas == 0:
                        _gapCommas++;
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        /// <summary>At the end of the file: the top-level value must be complete, and only white space after it.</summary>
        public bool Finish(byte[] data, int filled) =>
            _layout == Layout.Done && _inString == 0 && CheckGapBytes(data, _gapFrom, filled);

        /// <summary>The buffer now starts at what was offset <paramref name="offset"/>.</summary>
        public void Rebase(int offset)
        {
            if (_elementStart >= 0) _elementStart -= offset;
            _gapFrom = Math.Max(0, _gapFrom - offset);
        }

        /// <summary>
        /// Which bytes follow an escaping backslash (simdjson's method: runs of backslashes that start on an odd bit
        /// and end on an even one escape the byte after them, and the reverse).
        /// </summary>
        private ulong Escaped(ulong backslash)
        {
            if (backslash == 0)
            {
                var carried = _nextEscaped;
                _nextEscaped = 0;
                return carried;
            }
            var potential = backslash & ~_nextEscaped;
            var maybeEscaped = potential << 1;
            var escapeAndTerminal = ((maybeEscaped | OddBits) - potential) ^ OddBits;
            var escaped = escapeAndTerminal ^ (backslash | _nextEscaped);
            var escape = escapeAndTerminal & backslash;
            _nextEscaped = escape >> 63;
            return escaped;
        }

        /// <summary>Bit i is the parity of the set bits at or below i: inside a string, counting its opening quote.</summary>
        private static ulong PrefixXor(ulong bits)
        {
            bits ^= bits << 1;
            bits ^= bits << 2;
            bits ^= bits << 4;
            bits ^= bits << 8;
            bits ^= bits << 16;
            bits ^= bits << 32;
            return bits;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Classify(ref byte block, out ulong quote, out ulong backslash, out ulong open, out ulong close,
            out ulong slash, out ulong newline, out ulong continuation)
        {
            quote = backslash = open = close = slash = newline = continuation = 0;
            for (var k = 0; k < BlockBytes / 16; k++)
            {
                var v = Vector128.LoadUnsafe(ref block, (nuint)(k * 16));
                var shift = k * 16;
                // '{' and '[', '}' and ']' differ only in bit 5.
                var folded = v | Vector128.Create((byte)0x20);
                quote |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << shift;
                backslash |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << shift;
                open |= (ulong)Vector128.Equals(folded, Vector128.Create((byte)'{')).ExtractMostSignificantBits() << shift;
                close |= (ulong)Vector128.Equals(folded, Vector128.Create((byte)'}')).ExtractMostSignificantBits() << shift;
                slash |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'/')).ExtractMostSignificantBits() << shift;
                newline |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\n')).ExtractMostSignificantBits() << shift;
                // UTF-8 continuation bytes (0x80-0xBF) are the signed bytes below -64; columns count the others.
                continuation |= (ulong)Vector128.LessThan(v.AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits() << shift;
            }
        }
    }
}
