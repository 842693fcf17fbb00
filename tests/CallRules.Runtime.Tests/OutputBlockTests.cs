using System;
using System.IO;
using System.Linq;
using System.Text;
using CallRules.Runtime.Pipeline;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The output is gathered into large blocks, each written on another thread while the next is filled, from sections
/// kept in memory, in memory-mapped spill files (as many as the run's map budget holds) or read from spill files one
/// by one: every way gives the same bytes.
/// </summary>
public class OutputBlockTests
{
    // About 3 MiB of call rules: more than one block; one section larger than a block.
    private static readonly string s_json = "[" + string.Join(",\n", Enumerable.Range(0, 6000).Select(i =>
        Trunk("d" + i % 11, $"sip*@198.51.100.{i}", ", \"note\": \"" + new string((char)('a' + i % 26), i % 700) + "\""))) +
        ",\n" + Trunk("big", "1", ", \"note\": \"" + new string('b', 1536 * 1024) + "\"") + "]";

    private static CompileOptions Options(int parallelism, long spillMemory, long mapLimit) => new()
    {
        Parallelism = parallelism,
        InlineBelowBytes = 0,
        MaxDefinitionBytes = 4 * 1024 * 1024,
        SpillMemoryLimit = spillMemory,
        SpillMapLimit = mapLimit,
    };

    [Fact]
    public void The_output_is_the_same_bytes_with_any_workers_spill_limit_and_map_budget()
    {
        var expected = Text(Compile(Options(1, long.MaxValue, 0), File("a.json", s_json)));
        Assert.True(expected.Length > 3 * 1024 * 1024);
        Assert.Contains("\n[big/1]\nZone=big\nMatch=1\nTransport=udp\nNote=" + new string('b', 1536 * 1024) + "\n", expected);
        // A budget of 2 MiB maps some workers' spill files and not others; 0 maps none; the default maps all.
        foreach (var options in new[]
        {
            Options(2, 64 * 1024, SpillMapBudget.DefaultBytes),
            Options(3, 64 * 1024, 2 * 1024 * 1024),
            Options(2, 0, 0),
            Options(4, 1024 * 1024, 1),
        })
        {
            Assert.Equal(expected, Text(Compile(options, File("a.json", s_json))));
        }
    }

    [Fact]
    public void The_run_shares_one_map_budget_between_its_spill_files()
    {
        // Each buffer spills 600 KiB (past its chunk of 256 KiB and its memory limit of 16 bytes); the budget holds one.
        const int Piece = 200 * 1024;
        var budget = new SpillMapBudget(700 * 1024);
        using SpillBuffer first = new(16, Path.GetTempPath(), budget), second = new(16, Path.GetTempPath(), budget);
        foreach (var spill in new[] { first, second })
        {
            for (var i = 0; i < 3; i++)
            {
                spill.GetSpan(Piece)[..Piece].Fill((byte)('a' + i));
                spill.Advance(Piece);
            }
            spill.Complete();
        }
        Assert.True(first.IsOnDisk && second.IsOnDisk);
        Assert.True(first.IsMapped);
        Assert.False(second.IsMapped);
        foreach (var spill in new[] { first, second })
        {
            var back = new byte[Piece + 1];
            spill.CopyTo(2 * Piece - 1, back);
            Assert.Equal((byte)'b', back[0]);
            Assert.All(back[1..], b => Assert.Equal((byte)'c', b));
        }
    }

    [Fact]
    public void A_write_that_fails_on_the_write_thread_is_thrown_to_the_caller_with_its_message()
    {
        using var result = Compile(Options(2, long.MaxValue, 0), File("a.json", s_json));
        Assert.True(result.Succeeded);
        using var failing = new FailingStream(failAfterBytes: 1024 * 1024 + 10);
        var error = Assert.Throws<IOException>(() => result.Rules!.WriteTo(failing));
        Assert.Equal("No space left on device", error.Message);
        // Every write the stream saw came before the failure, in order, one at a time.
        Assert.False(failing.Overlapped);
    }

    private sealed class FailingStream(long failAfterBytes) : Stream
    {
        private long _written;
        private int _inWrite;

        public bool Overlapped { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (System.Threading.Interlocked.Exchange(ref _inWrite, 1) != 0) Overlapped = true;
            try
            {
                if (_written + buffer.Length > failAfterBytes) throw new IOException("No space left on device");
                _written += buffer.Length;
            }
            finally
            {
                System.Threading.Volatile.Write(ref _inWrite, 0);
            }
        }
    }
}
