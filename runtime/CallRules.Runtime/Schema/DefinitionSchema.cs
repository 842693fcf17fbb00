using System;
using System.Collections.Generic;

namespace CallRules.Runtime.Schema;

/// <summary>What a schema file says about one kind of definition, as data emitted by the generator.</summary>
public sealed class DefinitionSchema
{
    private Dictionary<string, int>? _indexByName;

    /// <summary>The C# type name, e.g. <c>Connection</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The schema file's name, e.g. <c>connection.schema.json</c>.</summary>
    public required string SchemaFile { get; init; }
    /// <summary>What one definition is, for people.</summary>
    public string? Description { get; init; }
    /// <summary>The fields, in schema order (the order call rules are written in).</summary>
    public required IReadOnlyList<FieldInfo> Fields { get; init; }
    /// <summary>The wire names of the fields that identify one definition, in key order.</summary>
    public required IReadOnlyList<string> Key { get; init; }

    /// <summary>The field with this wire name, or null.</summary>
    public FieldInfo? Find(string wireName)
    {
        _indexByName ??= BuildIndex();
        return _indexByName.TryGetValue(wireName, out var index) ? Fields[index] : null;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < Fields.Count; i++)
            index[Fields[i].Name] = i;
        return index;
    }
}
