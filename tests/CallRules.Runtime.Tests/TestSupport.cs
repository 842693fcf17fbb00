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
