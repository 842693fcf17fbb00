using System;
using System.Collections.Generic;

namespace CallRules.Runtime.Schema;

/// <summary>What a schema file says about one kind of definition, as data emitted by the generator.</summary>
public sealed class DefinitionSchema
{
    private Dictionary<string, int>? _indexByName;
    private Dictionary<string, int>? _indexByEarlierName;

    /// <summary>The C# type name, e.g. <c>Connection</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The C# namespace of the generated types, e.g. <c>CallRules.Connections</c>.</summary>
    public string? Namespace { get; init; }
    /// <summary>The schema file's name, e.g. <c>connection.schema.json</c>.</summary>
    public required string SchemaFile { get; init; }
    /// <summary>What one definition is, for people.</summary>
    public string? Description { get; init; }
    /// <summary>The fields, in schema order (the order call rules are written in).</summary>
    public required IReadOnlyList<FieldInfo> Fields { get; init; }
    /// <summary>The wire names of the fields that identify one definition, in key order.</summary>
    public required IReadOnlyList<string> Key { get; init; }
    /// <summary>
    /// The wire names the schema no longer has, each with the reason (<c>removed</c>): a definition that uses one gets
    /// <see cref="ErrorCodes.RemovedField"/> with the reason.
    /// </summary>
    public IReadOnlyList<RemovedField> Removed { get; init; } = [];

    /// <summary>The field that <paramref name="earlierName"/> is an earlier wire name of (<c>renamedFrom</c>), or null.</summary>
    public FieldInfo? FindByEarlierName(string earlierName)
    {
        _indexByEarlierName ??= BuildEarlierIndex();
        return _indexByEarlierName.TryGetValue(earlierName, out var index) ? Fields[index] : null;
    }

    /// <summary>The removed wire name <paramref name="wireName"/> with its reason, or null.</summary>
    public RemovedField? FindRemoved(string wireName)
    {
        foreach (var removed in Removed)
            if (string.Equals(removed.Name, wireName, StringComparison.Ordinal)) return removed;
        return null;
    }

    /// <summary>The index of <paramref name="field"/> in <see cref="Fields"/>, or -1.</summary>
    public int IndexOf(FieldInfo field)
    {
        for (var i = 0; i < Fields.Count; i++)
            if (ReferenceEquals(Fields[i], field)) return i;
        return -1;
    }

    /// <summary>The field with this wire name, or null.</summary>
    public FieldInfo? Find(string wireName)
    {
        _indexByName ??= BuildIndex();
        return _indexByName.TryGetValue(wireName, out var index) ? Fields[index] : null;
    }

    private Dictionary<string, int> BuildEarlierIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Fields.Count; i++)
            foreach (var earlier in Fields[i].RenamedFrom)
                index.TryAdd(earlier, i);
        return index;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < Fields.Count; i++)
            index[Fields[i].Name] = i;
        return index;
    }
}

/// <summary>A wire name the schema no longer has, and why (the schema's <c>removed</c>).</summary>
/// <param name="Name">The wire name.</param>
/// <param name="Reason">Why it was removed and what to do instead, as a sentence.</param>
public sealed record RemovedField(string Name, string Reason);
