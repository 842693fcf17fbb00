using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CallRules.Runtime.Schema;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Json;

/// <summary>
/// What a generated reader needs while it reads one definition object: where it is (file, JSON path, positions)
/// and where errors go, plus the readers for each kind of value. It holds no field names: fields arrive as
/// <see cref="FieldInfo"/> from generated code. Where a method takes <c>at</c>, it is the offset of the property's
/// name in the buffer (<see cref="Utf8JsonReader.TokenStartIndex"/>): it is turned into a line and column only when an
/// error is reported there, so reading a valid definition never counts lines.
/// </summary>
public sealed class JsonReadContext
{
    private readonly SourcePositionTracker _positions = new();
    private readonly List<FieldInfo> _rejected = [];
    // The fields of the object being read that were written under an earlier name, with that name: a second
    // occurrence of the field is then reported as the two names it is.
    private readonly List<(FieldInfo Field, string Name)> _earlierNames = [];
    private SourcePosition _schemaPropertyAt; // where the object being read named its JSON Schema, if it did
    private DefinitionSchema? _schema;         // of the object being read
    // By field index, where the object being read names the field: the token offset plus one; 0 where it does not.
    private int[] _fieldOffsets = [];
    private int _objectStart;                  // the offset of the object's opening brace
    private bool _objectMarked;                // whether the tracker has marked the object's start
    private int _generation;                   // counts objects begun and buffers set: what a source on demand checks

    /// <summary>Creates a context that reports to <paramref name="errors"/>.</summary>
    public JsonReadContext(string? file, ICollection<DefinitionError> errors)
    {
        File = file;
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
    }

    /// <summary>The reader options definition files are read with: comments skipped, no trailing commas.</summary>
    public static JsonReaderOptions ReaderOptions => new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>The property that names a definition file's JSON Schema (<c>$schema</c>); read past, never a field.</summary>
    public const string SchemaProperty = "$schema";

    /// <summary>The file as the user named it, or null.</summary>
    public string? File { get; }

    /// <summary>Where errors go.</summary>
    public ICollection<DefinitionError> Errors { get; }

    /// <summary>The JSON path of the object being read.</summary>
    public string JsonPath { get; private set; } = JsonPaths.Root;

    /// <summary>
    /// Sets the buffer the reader is over and the position of its first byte, and the JSON path of the object read
    /// next. Token offsets the reader reports are then relative to <paramref name="buffer"/>.
    /// </summary>
    public void Reset(ReadOnlyMemory<byte> buffer, SourcePosition bufferStart, string jsonPath)
    {
        _positions.Reset(buffer, bufferStart);
        JsonPath = jsonPath;
        _schemaPropertyAt = default;
        _objectStart = 0;
        _objectMarked = false;
        _generation++;
    }

    /// <summary>
    /// Sets the JSON path of the next object without changing the buffer: for a reader that goes through a whole
    /// array in one buffer and names each element <c>$[i]</c>.
    /// </summary>
    public void SetJsonPath(string jsonPath)
    {
        JsonPath = jsonPath;
        _schemaPropertyAt = default;
    }

    /// <summary>
    /// Whether the sources of the definitions read with this context find their lines and columns only when asked
    /// (<see cref="DefinitionSource.PositionOf"/>, <see cref="DefinitionSource.Start"/>), from the buffer given to
    /// <see cref="Reset"/>. Such a source is valid until this context begins the next object or is reset, and throws
    /// <see cref="InvalidOperationException"/> when asked after that. For a caller that is done with each definition
    /// before it reads the next, as the compile pipeline is (it validates and writes each definition right after
    /// reading it, while its batch is in memory): most definitions have no error and no position is ever made for them.
    /// False (the default): every source holds its positions and stands alone, whatever happens to the buffer after.
    /// </summary>
    public bool PositionsOnDemand { get; init; }

    /// <summary>The position of the token that starts at <paramref name="tokenStartIndex"/>.</summary>
    public SourcePosition PositionOf(long tokenStartIndex)
    {
        // The first position asked for in an object marks the object's start, so positions asked for out of order (a
        // duplicate's first occurrence, validation's field order) rescan from there rather than from the buffer's start.
        if (!_objectMarked)
        {
            _objectMarked = true;
            _positions.Mark(_objectStart);
        }
        return _positions.PositionOf(tokenStartIndex);
    }

    /// <summary>
    /// Starts reading an object of <paramref name="schema"/> whose opening brace is at <paramref name="tokenStartIndex"/>:
    /// no field has been seen yet. Sources made before (with <see cref="PositionsOnDemand"/>) are no longer valid.
    /// </summary>
    public void BeginObject(DefinitionSchema schema, long tokenStartIndex)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        if (_fieldOffsets.Length != schema.Fields.Count)
            _fieldOffsets = new int[schema.Fields.Count];
        else
            Array.Clear(_fieldOffsets);
        _objectStart = ToOffset(tokenStartIndex);
        _objectMarked = false;
        _generation++;
    }

    /// <summary>
    /// Notes that field <paramref name="fieldIndex"/>'s property name starts at <paramref name="tokenStartIndex"/> (the
    /// reader is on the name). False when the object named the field before: the duplicate is reported and its value
    /// skipped.
    /// </summary>
    public bool FirstOccurrence(ref Utf8JsonReader reader, int fieldIndex, long tokenStartIndex)
    {
        var first = _fieldOffsets[fieldIndex];
        if (first == 0)
        {
            // Stored plus one, so that 0 (a cleared array) means "not in the object".
            _fieldOffsets[fieldIndex] = ToOffset(tokenStartIndex) + 1;
            return true;
        }
        // The first occurrence comes before this one: asked for first, the tracker only moves forward.
        var firstAt = PositionOf(first - 1);
        DuplicateField(ref reader, _schema!.Fields[fieldIndex], tokenStartIndex, firstAt);
        return false;
    }

    /// <summary>
    /// The source record of the object just read (see <see cref="BeginObject"/>), noting which fields the reader
    /// rejected (a value of the wrong type, or not allowed), so validation does not report them again as missing.
    /// </summary>
    public DefinitionSource EndObject()
    {
        var schema = _schema ?? throw new InvalidOperationException("EndObject without BeginObject.");
        _earlierNames.Clear();
        _schemaPropertyAt = default; // the object is read: the next one may name its JSON Schema again
        bool[]? rejected = null;
        if (_rejected.Count > 0)
        {
            rejected = new bool[schema.Fields.Count];
            for (var i = 0; i < rejected.Length; i++)
                rejected[i] = _rejected.Contains(schema.Fields[i]);
            _rejected.Clear();
        }
        if (PositionsOnDemand)
            return new DefinitionSource(File, JsonPath, this, _generation, rejected);
        var positions = ResolvePositions(out var start);
        return new DefinitionSource(File, JsonPath, start, positions, rejected);
    }

    /// <summary>
    /// The positions of the object being read (its opening brace, and each field by index, unknown where absent), for
    /// a source made with <see cref="PositionsOnDemand"/>; throws when the context has moved on.
    /// </summary>
    internal SourcePosition[] ResolvePositions(int generation, out SourcePosition start)
    {
        if (generation != _generation)
            throw new InvalidOperationException(
                "The definition's positions were asked for after its context went on to the next object; with PositionsOnDemand, ask before reading the next definition.");
        return ResolvePositions(out start);
    }

    private SourcePosition[] ResolvePositions(out SourcePosition start)
    {
        start = PositionOf(_objectStart);
        var positions = new SourcePosition[_fieldOffsets.Length];
        // By offset, so the tracker goes through the object once, whatever the order of its properties.
        Span<long> order = positions.Length <= 128 ? stackalloc long[positions.Length] : new long[positions.Length];
        var count = 0;
        for (var i = 0; i < _fieldOffsets.Length; i++)
            if (_fieldOffsets[i] != 0)
                order[count++] = ((long)(_fieldOffsets[i] - 1) << 32) | (uint)i;
        order = order[..count];
        order.Sort();
        foreach (var entry in order)
            positions[(int)(entry & 0xFFFF_FFFF)] = PositionOf(entry >> 32);
        return positions;
    }

    /// <summary>A token offset as stored: the context's buffer is one block of memory, so offsets fit an int.</summary>
    private static int ToOffset(long tokenStartIndex) => (int)Math.Clamp(tokenStartIndex, 0, int.MaxValue - 1);

    /// <summary>
    /// Reads an enum value; null for JSON null. Reports other types, and strings that are not one of the allowed
    /// values (with a did-you-mean). The common case, an allowed value as plain UTF-8, is matched without making a
    /// string.
    /// </summary>
    /// <typeparam name="TEnum">The field's generated enum type.</typeparam>
    /// <typeparam name="TParser">The generated parser of <typeparamref name="TEnum"/>'s wire values.</typeparam>
    public TEnum? ReadEnum<TEnum, TParser>(ref Utf8JsonReader reader, FieldInfo field, long at)
        where TEnum : struct, Enum
        where TParser : struct, IEnumParser<TEnum>
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && TParser.TryParse(reader.ValueSpan, out var value))
            return value;
        if (ReadString(ref reader, field, at) is not { } text)
            return null;
        if (TParser.TryParse(text, out value))
            return value;
        NotAllowed(field, text, at);
        return null;
    }

    /// <summary>Reads a string value; null for JSON null. Reports other types.</summary>
    public string? ReadString(ref Utf8JsonReader reader, FieldInfo field, long at)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                try
                {
                    return reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    // An escaped unpaired surrogate ("\uD800") has no UTF-8 form: the reader cannot make a string of it.
                    Report(field, at, ErrorCodes.ForbiddenCharacter,
                        $"'{field.Name}' contains an escaped unpaired surrogate (a \\uD800-\\uDFFF escape without its pair); call-rule values cannot hold it.");
                    return null;
                }
            case JsonTokenType.Null:
                return null;
            default:
                WrongType(ref reader, field, at, field.Kind == FieldKind.Enum ? "one of the allowed strings" : "a string");
                return null;
        }
    }

    /// <summary>
    /// Reads a whole number from a JSON number or a string of digits (public API clients send <c>"0"</c>); null for
    /// JSON null. Reports anything else. A JSON number may be written in any notation whose value is whole
    /// (<c>30</c>, <c>3e1</c>, <c>30.0</c>), as JSON Schema's <c>integer</c> allows; a string is an optional minus sign
    /// and digits (<c>"30"</c>, <c>"-5"</c>, <c>"007"</c>).
    /// </summary>
    public long? ReadInteger(ref Utf8JsonReader reader, FieldInfo field, long at)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var number)) return number;
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                switch (WholeNumbers.Read(raw, out number))
                {
                    case WholeNumberKind.Whole:
                        return number;
                    case WholeNumberKind.Fraction:
                        Report(field, at, ErrorCodes.WrongType,
                            $"'{field.Name}' must be a whole number{Got(ref reader, field)}. Write a whole number, without a fraction (such as 30).");
                        return null;
                    default:
                        Report(field, at, ErrorCodes.WrongType,
                            $"'{field.Name}' must be a whole number between {long.MinValue} and {long.MaxValue}{Got(ref reader, field)}.");
                        return null;
                }
            case JsonTokenType.String:
                var text = !reader.ValueIsEscaped && !reader.HasValueSequence ? reader.ValueSpan : Unescaped(ref reader);
                if (IsDigits(text) && Utf8Parser.TryParse(text, out long parsed, out var consumed) && consumed == text.Length)
                    return parsed;
                Report(field, at, ErrorCodes.WrongType, IsDigits(text)
                    ? $"'{field.Name}' must be a whole number between {long.MinValue} and {long.MaxValue}{Got(ref reader, field)}."
                    : $"'{field.Name}' must be a whole number: a JSON number such as 30, or a string of digits such as \"30\"{Got(ref reader, field)}.");
                return null;
            case JsonTokenType.Null:
                return null;
            default:
                WrongType(ref reader, field, at, "a whole number");
                return null;
        }
    }

    /// <summary>Whether <paramref name="text"/> is an optional minus sign and one or more ASCII digits.</summary>
    private static bool IsDigits(ReadOnlySpan<byte> text)
    {
        if (!text.IsEmpty && text[0] == (byte)'-') text = text[1..];
        if (text.IsEmpty) return false;
        foreach (var b in text)
            if ((uint)(b - '0') > 9) return false;
        return true;
    }

    /// <summary>The string value's UTF-8 bytes with escapes resolved (an escaped digit is a digit); empty when it has no UTF-8 form.</summary>
    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? "");
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>Reads any JSON object as raw JSON text; null for JSON null. Reports other types.</summary>
    public string? ReadObject(ref Utf8JsonReader reader, FieldInfo field, long at)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                    return document.RootElement.GetRawText();
            case JsonTokenType.Null:
                return null;
            default:
                WrongType(ref reader, field, at, "an object");
                return null;
        }
    }

    /// <summary>Reports a value that is not one of the field's allowed values.</summary>
    public void NotAllowed(FieldInfo field, string value, long at)
    {
        _rejected.Add(field);
        Errors.Add(FieldErrors.NotAllowed(field, value, File, JsonPaths.Property(JsonPath, field.Name), PositionOf(at)));
    }

    /// <summary>
    /// For a property name that is not a field's wire name (the reader is on it): the index of the field it is an
    /// earlier name of (the schema's <c>renamedFrom</c>), with a warning that names the field, leaving the reader on
    /// the name; otherwise -1, after reporting the name (a removed field with the schema's reason, an unknown one with a
    /// did-you-mean; <c>$schema</c> is not reported) and skipping its value.
    /// </summary>
    public int FieldIndexOfOtherName(ref Utf8JsonReader reader, DefinitionSchema schema, long at)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var name = reader.GetString() ?? "";
        if (schema.FindByEarlierName(name) is { } field)
        {
            _earlierNames.Add((field, name));
            Errors.Add(new DefinitionError(ErrorCodes.EarlierName,
                $"'{name}' is the earlier name of '{field.Name}'; it is read as '{field.Name}'. Rename it ('callrules migrate' does).",
                field.Name, JsonPaths.Property(JsonPath, name), File, PositionOf(at), Severity.Warning));
            return schema.IndexOf(field);
        }
        UnknownField(ref reader, schema, at);
        return -1;
    }

    /// <summary>
    /// Reports a property the schema does not define (a removed field with the schema's reason, an unknown one with a
    /// did-you-mean) and skips its value. The reader is on the property name.
    /// </summary>
    public void UnknownField(ref Utf8JsonReader reader, DefinitionSchema schema, long at)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var name = reader.GetString() ?? "";
        if (name == SchemaProperty)
        {
            // A definition file may name its JSON Schema for editors (see `callrules schema`); it is not a field, but it
            // is held to what that JSON Schema says of it: a string (or null), once.
            SchemaPropertyOf(ref reader, PositionOf(at));
            return;
        }
        if (schema.FindRemoved(name) is { } removed)
        {
            Errors.Add(new DefinitionError(ErrorCodes.RemovedField,
                $"'{name}' was removed from the {schema.Name} schema: {removed.Reason} Remove it from the definition.",
                name, JsonPaths.Property(JsonPath, name), File, PositionOf(at)));
            reader.Skip();
            return;
        }
        var message = $"Unknown field '{name}' in a {schema.Name} definition.";
        var suggestion = Suggestions.Closest(name, EnumerateNames(schema));
        message += suggestion is not null ? $" Did you mean '{suggestion}'?" : " Run 'callrules docs' for the list of fields.";
        Errors.Add(new DefinitionError(ErrorCodes.UnknownField, message, name, JsonPaths.Property(JsonPath, name), File, PositionOf(at)));
        reader.Skip();
    }

    private void SchemaPropertyOf(ref Utf8JsonReader reader, SourcePosition at)
    {
        var path = JsonPaths.Property(JsonPath, SchemaProperty);
        if (_schemaPropertyAt.IsKnown)
        {
            Errors.Add(new DefinitionError(ErrorCodes.DuplicateField,
                $"'{SchemaProperty}' appears twice in one definition; the first is at line {_schemaPropertyAt.Line}, column {_schemaPropertyAt.Column}. Keep one.",
                SchemaProperty, path, File, at));
            reader.Skip();
            return;
        }
        _schemaPropertyAt = at;
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
        {
            var kind = reader.TokenType switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.True or JsonTokenType.False => "a boolean",
                _ => "a number",
            };
            Errors.Add(new DefinitionError(ErrorCodes.WrongType,
                $"'{SchemaProperty}' must be a string: the path or URL of the definitions' JSON Schema, such as \"./connection.definitions.json\" " +
                $"(see 'callrules schema'); got {kind}.", SchemaProperty, path, File, at));
        }
        reader.Skip();
    }

    /// <summary>
    /// Reports a property that appears twice and skips its value. The reader is on the property name. When one of the
    /// two is an earlier name of the field (<c>renamedFrom</c>), the error says so.
    /// </summary>
    public void DuplicateField(ref Utf8JsonReader reader, FieldInfo field, long at, SourcePosition first)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = reader.GetString() ?? field.Name;
        // Earlier names of this field seen in this object, the one just read among them if it is one.
        var earlier = _earlierNames.Where(e => ReferenceEquals(e.Field, field)).Select(e => e.Name).ToList();
        var sameNameTwice = name == field.Name ? earlier.Count == 0 : earlier.Count(n => n == name) > 1;
        if (sameNameTwice)
            Errors.Add(new DefinitionError(ErrorCodes.DuplicateField,
                $"'{name}' appears twice in one definition; the first is at line {first.Line}, column {first.Column}. Keep one.",
                field.Name, JsonPaths.Property(JsonPath, name), File, PositionOf(at)));
        else
            Errors.Add(new DefinitionError(ErrorCodes.BothNames,
                $"'{field.Name}' is set twice, under its name and under its earlier name '{(name == field.Name ? earlier[0] : name)}' (the first at line {first.Line}, column {first.Column}). Keep '{field.Name}' only.",
                field.Name, JsonPaths.Property(JsonPath, name), File, PositionOf(at)));
        reader.Skip();
    }

    private void WrongType(ref Utf8JsonReader reader, FieldInfo field, long at, string expected)
    {
        Report(field, at, ErrorCodes.WrongType, $"'{field.Name}' must be {expected}{Got(ref reader, field)}.");
        reader.Skip();
    }

    private void Report(FieldInfo field, long at, string code, string message)
    {
        _rejected.Add(field);
        Errors.Add(new DefinitionError(code, message, field.Name, JsonPaths.Property(JsonPath, field.Name), File, PositionOf(at)));
    }

    private static string Got(ref Utf8JsonReader reader, FieldInfo field)
    {
        var kind = reader.TokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Number => "a number",
            JsonTokenType.String => "a string",
            _ => "null",
        };
        if (field.Secret || reader.TokenType is not (JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.String))
            return $"; got {kind}";
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        var text = System.Text.Encoding.UTF8.GetString(raw);
        if (text.Length > 40) text = text[..40] + "…";
        return reader.TokenType == JsonTokenType.String ? $"; got the string \"{text}\"" : $"; got {kind} ({text})";
    }

    private static IEnumerable<string> EnumerateNames(DefinitionSchema schema)
    {
        foreach (var field in schema.Fields) yield return field.Name;
    }
}
