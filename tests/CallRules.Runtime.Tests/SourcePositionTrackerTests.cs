using System.Text;
using CallRules.Runtime.Json;

namespace CallRules.Runtime.Tests;

public class SourcePositionTrackerTests
{
    private static SourcePositionTracker Over(string text, SourcePosition start = default)
    {
        var tracker = new SourcePositionTracker();
        tracker.Reset(Encoding.UTF8.GetBytes(text), start);
        return tracker;
    }

    [Fact]
    public void Offsets_on_later_lines_get_their_line_and_column()
    {
        var tracker = Over("{\n  \"a\": 1,\n  \"b\": 2\n}");

        Assert.Equal(new SourcePosition(1, 1), tracker.PositionOf(0));
        Assert.Equal(new SourcePosition(2, 3), tracker.PositionOf(4));
        Assert.Equal(new SourcePosition(3, 3), tracker.PositionOf(14));
        Assert.Equal(new SourcePosition(4, 1), tracker.PositionOf(21));
    }

    [Fact]
    public void Columns_on_one_long_line_count_from_the_last_answer_not_the_line_start()
    {
        // A minified array of many definitions is one line: every column must still be right.
        var line = new StringBuilder("[");
        for (var i = 0; i < 1000; i++) line.Append("{\"a\":1},");
        var tracker = Over(line.ToString());

        for (var i = 0; i < 1000; i++)
            Assert.Equal(new SourcePosition(1, 2 + 8 * i), tracker.PositionOf(1 + 8 * i));
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var tracker = Over("{\"é€\": \"x\", \"b\": 1}");

        // "é" is 2 bytes and "€" 3, but each is one character.
        Assert.Equal(new SourcePosition(1, 12), tracker.PositionOf(14));
    }

    [Fact]
    public void Buffer_that_starts_mid_file_continues_from_its_start_position()
    {
        var tracker = Over("{\"a\": 1}\n{\"b\": 2}", new SourcePosition(40, 7));

        Assert.Equal(new SourcePosition(40, 8), tracker.PositionOf(1));
        Assert.Equal(new SourcePosition(41, 2), tracker.PositionOf(10));
    }

    [Fact]
    public void Asking_for_an_earlier_offset_rescans_and_answers_correctly()
    {
        var tracker = Over("ab\ncd\nef");

        Assert.Equal(new SourcePosition(3, 2), tracker.PositionOf(7));
        Assert.Equal(new SourcePosition(2, 1), tracker.PositionOf(3));
    }
}
