using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CallRules.Runtime.Pipeline;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The fast splitter against the framer it stands in for: on valid files it must find the same objects at the same
/// positions; on anything else the compile results must be the same as with the framer alone (the file is given back).
/// </summary>
public class DefinitionSplitterTests
{
    private sealed record Framed(string Json, SourcePosition Start, long Index);

    private static List<Framed>? Split(byte[] file, int batchBytes, int maxDefinitionBytes = 1024 * 1024, int maxDepth = 64)
    {
        var framed = new List<Framed>();
        var splitter = new DefinitionSplitter(maxDefinitionBytes, maxDepth, batchBytes);
        var ok = splitter.Read(new MemoryStream(file), 0, "a.json", batch =>
        {
            Assert.True(batch.Split);
            foreach (var frame in batch.Frames)
                framed.Add(new Framed(Encoding.UTF8.GetString(batch.Data, frame.Offset, frame.Length), frame.Start, frame.Index));
            batch.Release();
        }, () => false, default);
        return ok ? framed : null;
    }

    private static List<Framed> Frame(byte[] file, out List<DefinitionError> errors)
    {
        var framed = new List<Framed>();
        errors = [];
        new DefinitionFramer(1024 * 1024, 64).Read(new MemoryStream(file), "a.json",
            (json, start, index) => framed.Add(new Framed(Encoding.UTF8.GetString(json), start, index)), errors);
        return framed;
    }

    [Theory]
    [InlineData(256)]
    [InlineData(300)]
    [InlineData(4096)]
    [InlineData(256 * 1024)]
    public void On_valid_files_it_finds_the_objects_the_framer_finds_at_the_same_positions(int batchBytes)
    {
        var random = new Random(batchBytes);
        for (var round = 0; round < 300; round++)
        {
            var file = RandomFile(random);
            var expected = Frame(file, out var errors);
            Assert.Empty(errors);
            var actual = Split(file, batchBytes);
            Assert.True(actual is not null, Encoding.UTF8.GetString(file));
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData(" [ \r\n\t] \n")]
    [InlineData("{\"zone\": \"a\"}")]
    [InlineData("\n\n   {\"zone\": \"a\\\\\", \"pattern\": \"\\\"}{\"}  ")]
    [InlineData("[{}]")]
    [InlineData("[{},{} , \n {}]")]
    public void Small_valid_files_split_as_the_framer_frames_them(string text)
    {
        var file = Encoding.UTF8.GetBytes(text);
        Assert.Equal(Frame(file, out _), Split(file, 256));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_columns_start_after_it()
    {
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[ {\"zone\": \"ä\"},\n  {}]")).ToArray();
        var split = Split(file, 256);
        Assert.Equal(Frame(file, out _), split);
        Assert.Equal(new SourcePosition(1, 3), split![0].Start);
        Assert.Equal(new SourcePosition(2, 3), split[1].Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("// a comment\n[]")]
    [InlineData("[{} /* a comment */]")]
    [InlineData("[{\"zone\": /* a comment */ \"a\"}]")]
    [InlineData("[{},]")]
    [InlineData("[,{}]")]
    [InlineData("[{} {}]")]
    [InlineData("[{},,{}]")]
    [InlineData("[1, {}]")]
    [InlineData("[{}, []]")]
    [InlineData("[{}, \"x\"]")]
    [InlineData("[{}] x")]
    [InlineData("[{}] []")]
    [InlineData("{} {}")]
    [InlineData("[{}")]
    [InlineData("[{\"a\": \"}]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("[{]")]
    [InlineData("]")]
    [InlineData("}")]
    public void Whatever_it_does_not_take_on_is_given_back(string text)
    {
        Assert.Null(Split(Encoding.UTF8.GetBytes(text), 256));
    }

    [Fact]
    public void Nesting_at_the_depth_limit_and_definitions_over_the_size_limit_are_given_back()
    {
        var deep = "[{\"a\": " + new string('[', 62) + new string(']', 62) + "}]";
        Assert.NotNull(Split(Encoding.UTF8.GetBytes(deep), 256));
        var tooDeep = "[{\"a\": " + new string('[', 63) + new string(']', 63) + "}]";
        Assert.Null(Split(Encoding.UTF8.GetBytes(tooDeep), 256));

        var large = Encoding.UTF8.GetBytes("[{\"note\": \"" + new string('x', 1000) + "\"}]");
        Assert.NotNull(Split(large, 256, maxDefinitionBytes: 1012));
        Assert.Null(Split(large, 256, maxDefinitionBytes: 1011));
    }

    [Fact]
    public void Escapes_across_block_and_buffer_boundaries_are_followed()
    {
        // Runs of 0 to 9 backslashes before a quote, at every offset across a 64-byte block and a 256-byte buffer.
        for (var run = 0; run < 10; run++)
        {
            for (var shift = 0; shift < 70; shift++)
            {
                var value = new string('a', shift) + new string('\\', run - run % 2) + (run % 2 == 1 ? "\\\"" : "") + "}{";
                var text = $"[{{\"note\": \"{value}\"}},\n{{\"note\": \"{value}\"}}]";
                var file = Encoding.UTF8.GetBytes(text);
                Assert.Equal(Frame(file, out _), Split(file, 256));
            }
        }
    }

    /// <summary>
    /// Compiles random files, valid and broken, with and without the splitter: every error, its position, and the
    /// output must be the same. Small batches put object, string and escape boundaries everywhere.
    /// </summary>
    [Theory]
    [InlineData(1, 256)]
    [InlineData(2, 512)]
    [InlineData(2, 64 * 1024)]
    public void Compiling_with_the_splitter_gives_what_the_framer_gives(int parallelism, int batchBytes)
    {
        var random = new Random(parallelism * 1000 + batchBytes);
        for (var round = 0; round < 150; round++)
        {
            var files = new List<byte[]>();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                var file = RandomFile(random, trunks: true);
                if (random.Next(3) == 0) file = Break(file, random);
                files.Add(file);
            }
            var inputs = files.Select((f, i) => File($"f{i}.json", f)).ToArray();
            var withFramer = new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = batchBytes, FastSplit = false };
            var withSplitter = new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = batchBytes };
            using var expected = Compile(withFramer, inputs);
            using var actual = Compile(withSplitter, inputs);
            var context = string.Join("\n----\n", files.Select(f => Encoding.UTF8.GetString(f)));
            Assert.True(ErrorLines(expected).SequenceEqual(ErrorLines(actual)),
                $"{context}\nexpected:\n{string.Join("\n", ErrorLines(expected))}\nactual:\n{string.Join("\n", ErrorLines(actual))}");
            Assert.Equal(expected.DefinitionCount, actual.DefinitionCount);
            Assert.Equal(expected.Rules?.ToArray(), actual.Rules?.ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_read_failure_part_way_is_reported_as_the_framer_reports_it(int parallelism)
    {
        var text = Encoding.UTF8.GetBytes("[" + string.Join(",\n", Enumerable.Range(0, 400).Select(i =>
            Trunk($"z{i}", $"{i}", i % 50 == 7 ? ", \"limit\": -1" : ""))) + "]");
        foreach (var failAt in new[] { 1, 300, 5_000, text.Length - 2 })
        {
            var input = new DefinitionInput("a.json", () => new FailingStream(text, failAt), text.Length);
            using var expected = Compile(new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = 512, FastSplit = false }, input);
            using var actual = Compile(new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = 512 }, input);
            Assert.Contains(ErrorLines(expected), line => line.Contains(ErrorCodes.FileUnreadable, StringComparison.Ordinal));
            Assert.Equal(ErrorLines(expected), ErrorLines(actual));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_file_that_changes_between_the_passes_is_compiled_whole_from_what_it_says_now(int parallelism)
    {
        // The first read has an error and then a comment, so the file is given back; by the second read the error is
        // fixed. Workers stopped compiling sections at the error: the run must not write the output with holes.
        var file = new FileChangedBetweenPasses();
        var options = new CompileOptions { Parallelism = parallelism, InlineBelowBytes = 0, BatchBytes = 512 };
        using var actual = Compile(options, file.Input);
        using var expected = Compile(options, File("a.json", file.FixedText));
        Assert.True(file.Opened >= 2);
        Assert.Equal(Text(expected), Text(actual));
    }

    /// <summary>A seekable stream of <c>bytes</c> whose reads fail once they reach <c>failAt</c>.</summary>
    private sealed class FailingStream(byte[] bytes, int failAt) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAt) throw new IOException("Input/output error");
            return base.Read(buffer, offset, (int)Math.Min(count, failAt - Position));
        }

        public override int Read(Span<byte> buffer)
        {
            if (Position >= failAt) throw new IOException("Input/output error");
            return base.Read(buffer[..(int)Math.Min(buffer.Length, failAt - Position)]);
        }
    }

    private static readonly string[] s_pieces =
        ["a", "Zürich", "😀", " ", "\\\"", "\\\\", "\\/", "\\u00e9", "\\n", "{", "}", "[", "]", "/", "*", ",", ":", "'", "x\\\\\\\""];

    private static string RandomString(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--) text.Append(s_pieces[random.Next(s_pieces.Length)]);
        if (random.Next(8) == 0) text.Append('a', random.Next(60, 200));
        return text.ToString();
    }

    private static string Space(Random random) => random.Next(6) switch
    {
        0 => " ",
        1 => "\n  ",
        2 => "\r\n\t",
        _ => "",
    };

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 4 : 7) switch
    {
        0 => $"\"{RandomString(random)}\"",
        1 => random.Next(-100, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => random.Next(2) == 0 ? "true" : "null",
        3 => $"\"{RandomString(random)}\"",
        4 => "[" + string.Join("," + Space(random), Enumerable.Range(0, random.Next(3)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth + 1, trunk: false),
    };

    private static readonly string[] s_names = ["zone", "pattern", "mode", "limit", "note", "password", "zone2", "a\\\"b"];

    private static string RandomObject(Random random, int depth, bool trunk)
    {
        var members = new List<string>();
        if (trunk)
        {
            members.Add($"\"zone\":{Space(random)}\"z{random.Next(3)}\"");
            members.Add($"\"pattern\": \"{(random.Next(2) == 0 ? "*" : "")}{random.Next(20)}{(random.Next(2) == 0 ? "@a.b" : "é{")}\"");
        }
        for (var i = random.Next(0, 4); i > 0; i--)
            members.Add($"\"{s_names[random.Next(s_names.Length)]}\"{Space(random)}:{Space(random)}{RandomValue(random, depth)}");
        members = members.OrderBy(_ => random.Next()).ToList();
        return "{" + Space(random) + string.Join("," + Space(random), members) + Space(random) + "}";
    }

    private static byte[] RandomFile(Random random, bool trunks = false)
    {
        string text;
        if (random.Next(8) == 0)
        {
            text = Space(random) + RandomObject(random, 0, trunks) + Space(random);
        }
        else
        {
            var elements = Enumerable.Range(0, random.Next(0, 30)).Select(_ => RandomObject(random, 1, trunks));
            text = Space(random) + "[" + Space(random) + string.Join(Space(random) + "," + Space(random), elements) + Space(random) + "]" + Space(random);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(10) == 0 ? Encoding.UTF8.GetPreamble().Concat(bytes).ToArray() : bytes;
    }

    private static readonly byte[][] s_insertions =
        ["\""u8.ToArray(), "\\"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), ","u8.ToArray(), "]"u8.ToArray(), "/"u8.ToArray(),
         "/* c */"u8.ToArray(), "// c\n"u8.ToArray(), [0xFF], [0], [0xC3], "\n"u8.ToArray(), "1"u8.ToArray()];

    /// <summary>Deletes, inserts or replaces a few bytes at random places, or a comma or bracket where they matter most.</summary>
    private static byte[] Break(byte[] file, Random random)
    {
        var bytes = file.ToList();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            var at = random.Next(bytes.Count + 1);
            var structural = Enumerable.Range(0, bytes.Count).Where(j => bytes[j] is (byte)',' or (byte)']' or (byte)'}').ToArray();
            if (structural.Length > 0 && random.Next(3) == 0)
            {
                at = structural[random.Next(structural.Length)];
                if (random.Next(2) == 0) bytes.RemoveAt(at);
                else bytes.Insert(at, random.Next(2) == 0 ? (byte)',' : bytes[at]);
                continue;
            }
            switch (random.Next(3))
            {
                case 0 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 1 when at < bytes.Count:
                    bytes[at] = s_insertions[random.Next(s_insertions.Length)][0];
                    break;
                default:
                    bytes.InsertRange(at, s_insertions[random.Next(s_insertions.Length)]);
                    break;
            }
        }
        return bytes.ToArray();
    }
}
