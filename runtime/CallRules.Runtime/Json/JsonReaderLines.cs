using System;
using System.Text.Json;
using CallRules.Runtime.Pipeline;

namespace CallRules.Runtime.Json;

/// <summary>
/// Turns where <see cref="Utf8JsonReader"/> says a <see cref="JsonException"/> happened into the position every other
/// message gives: lines end at line feeds, columns count characters. The reader counts differently: its columns are
/// bytes, and it also ends a line at a carriage return that ends a <c>//</c> comment without a line feed after it
/// (nowhere else: a carriage return in white space or in a <c>/* */</c> comment is not a line break to it). Left as
/// the reader says, an error after such a comment names a line past the end of the file. Every place that locates a
/// <see cref="JsonException"/> goes through here: the framer of definition files as it reads (<see cref="DefinitionFramer"/>),
/// and the readers of whole files in memory (<see cref="PositionOf"/>).
/// </summary>
internal static class JsonReaderLines
{
    /// <summary>
    /// When the reader's current token is a <c>//</c> comment that ends at a carriage return with no line feed after
    /// it, the index of that carriage return in <paramref name="span"/> (the bytes the reader was given); else -1.
    /// </summary>
    public static int LineBreakAfter(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        if (reader.TokenType != JsonTokenType.Comment) return -1;
        var start = (int)reader.TokenStartIndex;
        if (start + 1 >= span.Length || span[start + 1] != (byte)'/') return -1; // a /* */ comment
        var end = start + 2 + reader.ValueSpan.Length;
        return end < span.Length && span[end] == (byte)'\r' && (end + 1 == span.Length || span[end + 1] != (byte)'\n') ? end : -1;
    }

    /// <summary>
    /// The position of the place <paramref name="e"/> names, thrown by a reader with <paramref name="options"/> that
    /// read <paramref name="json"/> from its first byte. The text is read again, with comments as tokens, to find the
    /// reader's own line breaks; this only happens for a file that is not valid JSON.
    /// </summary>
    public static SourcePosition PositionOf(JsonException e, ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var lines = LineScanner.Create();
        options.CommentHandling = options.CommentHandling == JsonCommentHandling.Disallow ? JsonCommentHandling.Disallow : JsonCommentHandling.Allow;
        var reader = new Utf8JsonReader(json, options);
        try
        {
            while (reader.Read())
            {
                var lineBreak = LineBreakAfter(ref reader, json);
                if (lineBreak >= 0) lines.AddReaderLineBreak(lineBreak);
            }
        }
        catch (JsonException)
        {
            // The same error again: every comment before it has been seen.
        }
        return lines.PositionInLine(json, 0, json.Length, (int)Math.Min((e.LineNumber ?? 0) + 1, int.MaxValue), e.BytePositionInLine ?? 0);
    }

    /// <summary>The reader's message without its trailing "LineNumber: … | BytePositionInLine: …" (the reader's own, 0-based, count).</summary>
    public static string Message(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }
}
