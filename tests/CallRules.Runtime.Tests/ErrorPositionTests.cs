using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The positions of errors deep in a file, checked against lines and columns counted here from the text itself: the
/// reader keeps offsets and makes lines and columns only for errors, so every kind of error (found while reading, by
/// validation, at the object's start, naming an earlier position) is checked in the second, the tenth and the last
/// definition, in a minified file of one line and a pretty-printed one, through both framing paths.
/// </summary>
public class ErrorPositionTests
{
    private const int Count = 300;

    public static TheoryData<bool, bool, int> Layouts => new()
    {
        { false, false, 1 }, { false, false, 2 }, { true, false, 1 }, { true, false, 2 },
        // A comment makes the splitter give the file back to the token framer: the other path.
        { false, true, 2 }, { true, true, 2 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Errors_in_the_second_tenth_and_last_definition_are_at_the_line_and_column_of_their_property(bool pretty, bool comment, int workers)
    {
        var (text, starts) = Build(pretty, comment);
        var result = Compile(new CompileOptions { Parallelism = workers }, File("many.json", text));

        string At(int definition, string needle)
        {
            var offset = text.IndexOf(needle, starts[definition], StringComparison.Ordinal);
            Assert.True(offset >= 0 && offset < (definition + 1 < starts.Count ? starts[definition + 1] : text.Length), needle);
            return Position(text, offset).ToString();
        }
        var last = Count - 1;
        string[] expected =
        [
            $"many.json{At(1, "\"mode\"")}: error CR1009: 'mode' is 'UPD'; allowed values are 'UDP', 'TCP', 'TLS'. Did you mean 'UDP'?",
            $"many.json{At(1, "\"limit\"")}: error CR1007: 'limit' is -1; it must be at least 0.",
            $"many.json{At(9, "\"patern\"")}: error CR1001: Unknown field 'patern' in a TestTrunk definition. Did you mean 'pattern'?",
            $"many.json{At(9, "\"zone\": \"again\"")}: error CR1002: 'zone' appears twice in one definition; the first is at line " +
                $"{Position(text, text.IndexOf("\"zone\"", starts[9], StringComparison.Ordinal)).Line}, column " +
                $"{Position(text, text.IndexOf("\"zone\"", starts[9], StringComparison.Ordinal)).Column}. Keep one.",
            $"many.json{At(last, "{")}: error CR1004: 'pattern' is required; set it to a non-empty string.",
            $"many.json{At(last, "\"limit\"")}: error CR1003: 'limit' must be a whole number: a JSON number such as 30, or a string of digits such as \"30\"; got the string \"x\".",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), ErrorLines(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_source_made_on_demand_answers_while_its_object_is_current_and_refuses_after()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"zone\": \"a\", \"pattern\": \"1\"},\n {\"pattern\": \"2\", \"zone\": \"b\"},\n {\"zone\": \"c\"}]");
        var context = new JsonReadContext("t.json", new List<DefinitionError>()) { PositionsOnDemand = true };
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        reader.Read();
        var first = TestTrunk.ReadJson(ref reader, context);
        Assert.Equal(new SourcePosition(1, 16), first.Source!.PositionOf(TestTrunk.FieldIndex.Pattern));
        reader.Read();
        var second = TestTrunk.ReadJson(ref reader, context);
        reader.Read();
        var third = TestTrunk.ReadJson(ref reader, context);
        // The third is current; the first answered while it was and keeps its answers; the second was never asked and
        // is refused rather than answer with the third's positions.
        Assert.Equal(new SourcePosition(3, 3), third.Source!.PositionOf(TestTrunk.FieldIndex.Zone));
        Assert.Equal(new SourcePosition(3, 2), third.Source.PositionOf(TestTrunk.FieldIndex.Pattern));
        Assert.Equal(new SourcePosition(1, 2), first.Source.Start);
        Assert.Equal(new SourcePosition(1, 16), first.Source.PositionOf(TestTrunk.FieldIndex.Pattern));
        Assert.Throws<InvalidOperationException>(() => second.Source!.Start);
    }

    [Fact]
    public void A_source_read_without_positions_on_demand_stands_alone_after_the_buffer_is_reused()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"zone\": \"a\",\n  \"pattern\": \"1\"\n}");
        var context = new JsonReadContext("t.json", new List<DefinitionError>());
        context.Reset(bytes, new SourcePosition(3, 5), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var definition = TestTrunk.ReadJson(ref reader, context);
        Array.Fill(bytes, (byte)'\n');
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        Assert.Equal(new SourcePosition(3, 5), definition.Source!.Start);
        Assert.Equal(new SourcePosition(4, 3), definition.Source.PositionOf(TestTrunk.FieldIndex.Zone));
        Assert.Equal(new SourcePosition(5, 3), definition.Source.PositionOf(TestTrunk.FieldIndex.Pattern));
        Assert.Equal(new SourcePosition(3, 5), definition.Source.PositionOf(TestTrunk.FieldIndex.Limit));
    }

    /// <summary>The file, and where each definition starts in it.</summary>
    private static (string Text, List<int> Starts) Build(bool pretty, bool comment)
    {
        var separator = pretty ? ",\n  " : ",";
        var text = new StringBuilder(pretty ? "[\n  " : "[");
        var starts = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            if (i > 0) text.Append(separator);
            starts.Add(text.Length);
            var fields = new List<string> { $"\"zone\": \"z{i}\"", $"\"pattern\": \"{i}\"", "\"note\": \"żółw 🐢 \\u00e9\"" };
            switch (i)
            {
                case 1:
                    fields.Add("\"mode\": \"UPD\"");
                    fields.Add("\"limit\": -1");
                    break;
                case 9:
                    fields.Insert(1, "\"patern\": \"9\"");
                    fields.Add("\"zone\": \"again\"");
                    break;
                case Count - 1:
                    fields.RemoveAt(1);
                    fields.Add("\"limit\": \"x\"");
                    break;
            }
            text.Append(pretty
                ? "{\n    " + string.Join(",\n    ", fields) + "\n  }"
                : "{" + string.Join(",", fields) + "}");
        }
        text.Append(pretty ? "\n]" : "]");
        if (comment) text.Append(" /* the end */");
        return (text.ToString(), starts);
    }

    /// <summary>The 1-based line and column (in characters: code points) of the character at <paramref name="offset"/>.</summary>
    private static SourcePosition Position(string text, int offset)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        if (offset == 0) lineStart = 0;
        var line = 1 + text.AsSpan(0, lineStart).Count('\n');
        var column = 1 + text[lineStart..offset].EnumerateRunes().Count();
        return new SourcePosition(line, column);
    }
}
