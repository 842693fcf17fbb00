using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;
using CallRules.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>Shorthands for compiling in-memory files with the generated <see cref="TestTrunk"/>.</summary>
internal static class TestSupport
{
    public static DefinitionInput File(string name, string json) => DefinitionInput.FromBytes(name, Encoding.UTF8.GetBytes(json));

    public static DefinitionInput File(string name, byte[] bytes) => DefinitionInput.FromBytes(name, bytes);

    public static CompileResult Compile(params DefinitionInput[] inputs) => Compile(new CompileOptions(), inputs);

    public static CompileResult Compile(CompileOptions options, params DefinitionInput[] inputs) =>
        new DefinitionCompiler<TestTrunk>(options).Compile(inputs);

    /// <summary>Compiles with <see cref="HookedTrunk"/>: a limit of 0 is a warning, a note can make writing throw.</summary>
    public static CompileResult CompileHooked(params DefinitionInput[] inputs) => CompileHooked(new CompileOptions(), inputs);

    public static CompileResult CompileHooked(CompileOptions options, params DefinitionInput[] inputs) =>
        new DefinitionCompiler<HookedTrunk>(options).Compile(inputs);

    public static string Text(CompileResult result)
    {
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Encoding.UTF8.GetString(result.Rules!.ToArray());
    }

    public static string[] ErrorLines(CompileResult result) => result.Errors.Select(e => e.ToString()).ToArray();

    public static string Trunk(string zone, string pattern, string extra = "") =>
        $"{{\"zone\": \"{zone}\", \"pattern\": \"{pattern}\"{extra}}}";

    /// <summary>
    /// A file of 300 definitions that holds an error at its first read and is fixed by the second, with a comment at the
    /// end (so the splitter gives it back to the framer and the file is read again); <c>Opened</c> counts the reads.
    /// </summary>
    public sealed class FileChangedBetweenPasses
    {
        private int _opened;

        public FileChangedBetweenPasses()
        {
            var definitions = Enumerable.Range(0, 300).Select(i => Trunk($"z{i}", $"{i}")).ToList();
            FixedText = Encoding.UTF8.GetBytes("[" + string.Join(",\n", definitions) + " /* done */]");
            definitions[3] = Trunk("z3", "3", ", \"limit\": -1");
            var brokenText = Encoding.UTF8.GetBytes("[" + string.Join(",\n", definitions) + " /* done */]");
            Input = new DefinitionInput("a.json", () => new MemoryStream(_opened++ == 0 ? brokenText : FixedText, writable: false), brokenText.Length);
        }

        public DefinitionInput Input { get; }
        public byte[] FixedText { get; }
        public int Opened => _opened;
    }

    public static string TempFolder() => TemporaryFolders.Create();

    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
}

/// <summary>
/// A stream that hands out at most <c>pieceSize</c> bytes per read, as a pipe or a slow disk might; <c>beforeRead</c>,
/// when given, sees the position before each read (a test cancels a run part way through with it).
/// </summary>
internal sealed class TrickleStream(byte[] data, int pieceSize, Action<int>? beforeRead = null) : Stream
{
    private int _position;

    public long MaxPositionReached => _position;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count)
    {
        beforeRead?.Invoke(_position);
        var n = Math.Min(Math.Min(count, pieceSize), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
