using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;

namespace CallRules.Runtime.Tests;

/// <summary>
/// System.Text.Json's reader ends a line at a carriage return that ends a <c>//</c> comment (and nowhere else a line
/// feed does not); the position of its errors must still be the one every other message gives. Each input has one
/// mistake, the letter <c>x</c>, so the expected position is that of the x counted by line feeds and characters.
/// </summary>
public class JsonReaderLinesTests
{
    public static TheoryData<string> Inputs() =>
    [
        "//c\r x",
        "//c\r\n x",
        "//c\n x",
        "/*a\rb*/ x",
        "/*a\r\nb\r*/\r x",
        "\r x",
        "//a\r//b\r x",
        "//a\r\n//b\r x",
        "//a\r\r x",
        "//\r x",
        "[1, //a\r 2, //é\r\n x]",
        "//a\r\n\n//b\r{\"é\": x}",
        "[{\"a\": 1} //é\r, {\"b\": 2 /* \r */ //c\r, \"é\": x}]",
        new string(' ', 70_000) + "//c\r" + new string(' ', 70_000) + "//d\r x",
        "[{\"description\": \"" + new string('d', 5_000_000) + "\" //c\r}, //d\r {\"b\": //e\r x}]",
    ];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_framer_locates_a_syntax_error_by_line_feeds_and_characters(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var errors = new List<DefinitionError>();

        new DefinitionFramer(1 << 20, 64).Read(new MemoryStream(bytes), "f.json", (_, _, _) => { }, errors);

        var invalid = errors.Single(e => e.Code == ErrorCodes.InvalidJson);
        Assert.Equal(Expected(bytes), invalid.Position);
        Assert.DoesNotContain("LineNumber", invalid.Message);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_reader_of_a_whole_file_locates_it_the_same_way(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };
        var e = Assert.ThrowsAny<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(bytes, options);
            while (reader.Read()) { }
        });

        Assert.Equal(Expected(bytes), JsonReaderLines.PositionOf(e, bytes, options));
    }

    private static SourcePosition Expected(byte[] bytes)
    {
        var tracker = new SourcePositionTracker();
        tracker.Reset(bytes, new SourcePosition(1, 1));
        return tracker.PositionOf(bytes.AsSpan().LastIndexOf((byte)'x'));
    }
}
