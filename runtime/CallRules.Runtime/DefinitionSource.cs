using System;

namespace CallRules.Runtime;

/// <summary>Where a definition was read from: the file, its JSON path, and the position of each field.</summary>
/// <remarks>
/// A source holds its positions, or (made by a <see cref="Json.JsonReadContext"/> with
/// <see cref="Json.JsonReadContext.PositionsOnDemand"/>) only the offsets the reader saw, and asks the context for lines
/// and columns the first time one is wanted. The second is why reading a valid definition costs no line counting: the
/// compile pipeline validates and writes each definition while the batch it was read from is in memory, and asks for a
/// position only for an error. Such a source is valid while its context is on the same object; asked later it throws
/// rather than answer with another object's positions. Every other reader (explain, import, fmt, migrate, the public
/// <c>ReadJson</c>) makes sources that hold their positions and outlive the buffer.
/// </remarks>
public sealed class DefinitionSource
{
    private SourcePosition[]? _fieldPositions; // null until asked for, on demand
    private SourcePosition _start;
    private readonly bool[]? _rejected;
    private readonly Json.JsonReadContext? _context; // answers for the positions, on demand
    private readonly int _generation;

    /// <summary>Creates a source record.</summary>
    /// <param name="file">The file as the user named it; null for text that came from elsewhere.</param>
    /// <param name="jsonPath">The object's JSON path: <c>$</c>, or <c>$[3]</c> inside a top-level array.</param>
    /// <param name="start">The position of the object's opening brace.</param>
    /// <param name="fieldPositions">The position of each field's property name, by field index; unknown where unset.</param>
    /// <param name="rejected">By field index, whether the reader already reported the field's value; null when none.</param>
    public DefinitionSource(string? file, string jsonPath, SourcePosition start, SourcePosition[] fieldPositions, bool[]? rejected = null)
    {
        _rejected = rejected;
        File = file;
        JsonPath = jsonPath;
        _start = start;
        _fieldPositions = fieldPositions ?? throw new ArgumentNullException(nameof(fieldPositions));
    }

    /// <summary>A source whose positions <paramref name="context"/> finds when asked, while it is on the same object.</summary>
    internal DefinitionSource(string? file, string jsonPath, Json.JsonReadContext context, int generation, bool[]? rejected)
    {
        _rejected = rejected;
        File = file;
        JsonPath = jsonPath;
        _context = context;
        _generation = generation;
    }

    /// <summary>The file as the user named it, or null.</summary>
    public string? File { get; }
    /// <summary>The object's JSON path.</summary>
    public string JsonPath { get; }

    /// <summary>The position of the object's opening brace.</summary>
    public SourcePosition Start
    {
        get
        {
            _ = FieldPositions;
            return _start;
        }
    }

    private SourcePosition[] FieldPositions => _fieldPositions ??= _context!.ResolvePositions(_generation, out _start);

    /// <summary>The position of field <paramref name="fieldIndex"/>, or of the object when the field was not in the file.</summary>
    public SourcePosition PositionOf(int fieldIndex)
    {
        var positions = FieldPositions;
        var position = (uint)fieldIndex < (uint)positions.Length ? positions[fieldIndex] : default;
        return position.IsKnown ? position : _start;
    }

    /// <summary>Whether field <paramref name="fieldIndex"/> appeared in the file.</summary>
    public bool HasField(int fieldIndex)
    {
        var positions = FieldPositions;
        return (uint)fieldIndex < (uint)positions.Length && positions[fieldIndex].IsKnown;
    }

    /// <summary>Whether the reader already reported field <paramref name="fieldIndex"/>'s value (wrong type, not allowed).</summary>
    public bool WasRejected(int fieldIndex) =>
        _rejected is not null && (uint)fieldIndex < (uint)_rejected.Length && _rejected[fieldIndex];

    /// <summary>The JSON path of a property of this object.</summary>
    public string PathOf(string wireName) => JsonPaths.Property(JsonPath, wireName);
}

/// <summary>Builds JSON paths in bracket notation (RFC 9535), which can name any property.</summary>
public static class JsonPaths
{
    /// <summary>The root.</summary>
    public const string Root = "$";

    /// <summary><c>parent['name']</c>, with quotes and backslashes escaped.</summary>
    public static string Property(string parent, string name)
    {
        var escaped = name.Contains('\'') || name.Contains('\\')
            ? name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            : name;
        return string.Concat(parent, "['", escaped, "']");
    }

    /// <summary><c>parent[index]</c>.</summary>
    public static string Element(string parent, long index) =>
        string.Concat(parent, "[", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");
}
