using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// The call-rule sections of a successful run, in section order (<see cref="DefinitionKey.CompareTo"/>), waiting in
/// spill buffers; it writes them as call-rule text: the header, then each section after a blank line.
/// </summary>
public sealed class CompiledRules : IDisposable
{
    private readonly DefinitionSchema _schema;
    private readonly DefinitionRecord[] _sections;
    private readonly SpillBuffer[] _spills;

    internal CompiledRules(DefinitionSchema schema, DefinitionRecord[] sections, SpillBuffer[] spills)
    {
        _schema = schema;
        _sections = sections;
        _spills = spills;
    }

    /// <summary>How many sections there are.</summary>
    public int Count => _sections.Length;

    /// <summary>The key of section <paramref name="index"/>.</summary>
    public DefinitionKey KeyAt(int index) => _sections[index].Key.ToDefinitionKey();

    /// <summary>
    /// The sections of each value of the first key field (for a connection, each domain), each group in section order,
    /// the groups in ordinal order of their value. A group's sections need not be next to each other in the whole file:
    /// the last key field decides the order first (<see cref="DefinitionKey.CompareTo"/>).
    /// </summary>
    public IReadOnlyList<(string FirstKeyValue, int[] Sections)> GroupByFirstKey()
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _sections.Length; i++)
        {
            var value = FirstValue(i);
            if (!groups.TryGetValue(value, out var sections)) groups.Add(value, sections = []);
            sections.Add(i);
        }
        var result = new List<(string, int[])>(groups.Count);
        foreach (var (value, sections) in groups) result.Add((value, sections.ToArray()));
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private string FirstValue(int index) => _sections[index].Key.First;

    /// <summary>Writes the whole file: the header, then every section.</summary>
    public void WriteTo(Stream destination) => WriteTo(destination, null);

    /// <summary>Writes a file of the header and the sections <paramref name="sections"/> (indices, in section order), or all when null.</summary>
    public void WriteTo(Stream destination, IReadOnlyList<int>? sections) => WriteTo(destination, sections, CancellationToken.None);

    /// <summary>
    /// Writes a file of the header and the sections <paramref name="sections"/> (indices, in section order), or all when
    /// null; stops with <see cref="OperationCanceledException"/> soon after <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public void WriteTo(Stream destination, IReadOnlyList<int>? sections, CancellationToken cancellationToken)
    {
        var count = sections?.Count ?? _sections.Length;
        var header = new ArrayBufferWriter<byte>(256);
        new CallRuleWriter(header).WriteHeader(_schema);
        using var output = new BlockWriter(destination);
        output.Write(header.WrittenSpan);
        for (var i = 0; i < count; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var section = _sections[sections is null ? i : sections[i]];
            var spill = _spills[section.Spill];
            if (BlockWriter.FitsInBlock(section.Length + 1))
            {
                var span = output.GetSpan(section.Length + 1);
                span[0] = (byte)'\n';
                spill.CopyTo(section.Offset, span[1..]);
                output.Advance(span.Length);
            }
            else
            {
                // A section larger than a block (a definition near the size limit) goes through a buffer of its own.
                var large = ArrayPool<byte>.Shared.Rent(section.Length);
                try
                {
                    spill.CopyTo(section.Offset, large.AsSpan(0, section.Length));
                    output.Write("\n"u8);
                    output.Write(large.AsSpan(0, section.Length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(large);
                }
            }
        }
        output.Complete();
    }

    /// <summary>The whole file as bytes (for tests and small runs).</summary>
    public byte[] ToArray()
    {
        using var memory = new MemoryStream();
        WriteTo(memory);
        return memory.ToArray();
    }

    /// <summary>Releases the spill buffers and their temporary files.</summary>
    public void Dispose()
    {
        foreach (var spill in _spills) spill.Dispose();
    }
}

/// <summary>
/// What the run keeps of one definition, and no more, so memory stays small at a million definitions: its key, where
/// it came from (for duplicate-key messages and a stable order), and where its compiled section waits.
/// </summary>
internal readonly record struct DefinitionRecord(
    CompactKey Key, int File, int Index, int Line, int Column, short Spill, bool KeyComplete, long Offset, int Length)
{
    public SourcePosition Start => new(Line, Column);

    /// <summary>Section order, then input order, so equal keys sit together with the first-read one first.</summary>
    public static int Compare(DefinitionRecord a, DefinitionRecord b)
    {
        var c = CompactKey.Compare(a.Key, b.Key);
        if (c != 0) return c;
        c = a.File.CompareTo(b.File);
        return c != 0 ? c : a.Index.CompareTo(b.Index);
    }
}
