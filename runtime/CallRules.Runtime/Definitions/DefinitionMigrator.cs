using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Definitions;

/// <summary>One property renamed by a migration: where its name is, and the old and new wire names.</summary>
/// <param name="At">The position of the property name in the file as it was.</param>
/// <param name="From">The earlier wire name (the schema's <c>renamedFrom</c>).</param>
/// <param name="To">The field's wire name now.</param>
public sealed record PropertyRename(SourcePosition At, string From, string To);

/// <summary>What migrating one definition file gives: the new text (null when nothing changes) and what was found.</summary>
/// <param name="Rewritten">The migrated file, or null when it is unchanged (nothing to rename, or it cannot be read).</param>
/// <param name="Renames">The properties renamed, in file order.</param>
/// <param name="Diagnostics">What a person must still do (a removed field, a field set under both names), warnings for deprecated fields, or why the file cannot be read.</param>
public sealed record MigratedFile(byte[]? Rewritten, IReadOnlyList<PropertyRename> Renames, IReadOnlyList<DefinitionError> Diagnostics);

/// <summary>
/// Brings a definition file to the current schema: each property written under an earlier wire name (the schema's
/// <c>renamedFrom</c>) gets the field's name. The rename is done on the file's bytes, the name token and nothing else,
/// so the file keeps its formatting, comments, property order and values byte for byte, and its diff shows only the
/// names. What cannot be done by renaming is reported at its position: a removed field (error, with the schema's
/// reason), a field set under its name and an earlier name (error, the file keeps both), a deprecated field (warning).
/// </summary>
public static class DefinitionMigrator
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Migrates <paramref name="content"/>, the definition file <paramref name="file"/>, to <paramref name="schema"/>.</summary>
    public static MigratedFile Migrate(byte[] content, string file, DefinitionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(schema);
        var diagnostics = new List<DefinitionError>();
        var renames = new List<PropertyRename>();
        var offset = content.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var json = content.AsMemory(offset);
        var positions = new SourcePositionTracker();
        positions.Reset(json, new SourcePosition(1, 1));
        var edits = new List<(int Start, int Length, string To)>();
        try
        {
            var reader = new Utf8JsonReader(json.Span, JsonReadContext.ReaderOptions);
            if (!reader.Read()) return new MigratedFile(null, renames, diagnostics);
            var definitionDepth = reader.TokenType == JsonTokenType.StartArray ? 1 : 0;
            var index = -1;
            if (reader.TokenType == JsonTokenType.StartObject)
                ReadDefinition(ref reader, JsonPaths.Root);
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    index++;
                    if (reader.TokenType == JsonTokenType.StartObject)
                        ReadDefinition(ref reader, JsonPaths.Element(JsonPaths.Root, index));
                    else
                        reader.Skip();
                }
            }
            while (reader.Read()) { }

            void ReadDefinition(ref Utf8JsonReader reader, string path)
            {
                // Every property of the definition, by the field it names: renames are decided once the whole object is read.
                var properties = new List<(string Name, int Start, int Length, SourcePosition At, FieldInfo? Field)>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var start = (int)reader.TokenStartIndex;
                    var length = reader.ValueSpan.Length + 2;
                    var name = reader.GetString() ?? "";
                    var at = positions.PositionOf(start);
                    reader.Read();
                    var isNull = reader.TokenType == JsonTokenType.Null;
                    reader.Skip();
                    var field = schema.Find(name) ?? schema.FindByEarlierName(name);
                    properties.Add((name, start, length, at, field));
                    if (schema.FindRemoved(name) is { } removed)
                        diagnostics.Add(new DefinitionError(ErrorCodes.RemovedField,
                            $"'{name}' was removed from the {schema.Name} schema: {removed.Reason} Remove it from the definition; migrate cannot.",
                            name, JsonPaths.Property(path, name), file, at));
                    else if (field?.Deprecated is not null && !isNull)
                        diagnostics.Add(new DefinitionError(ErrorCodes.Deprecated, $"'{name}' is deprecated: {field.Deprecated}",
                            field.Name, JsonPaths.Property(path, name), file, at, Severity.Warning));
                }
                foreach (var property in properties)
                {
                    if (property.Field is not { } field || property.Name == field.Name) continue;
                    var other = properties.FirstOrDefault(p => ReferenceEquals(p.Field, field) && p.Start != property.Start);
                    if (other.Name is not null)
                    {
                        diagnostics.Add(new DefinitionError(ErrorCodes.BothNames,
                            $"'{field.Name}' is set twice, as '{property.Name}' and as '{other.Name}' (line {other.At.Line}, column {other.At.Column}); keep one value under '{field.Name}'. The definition is left as it is.",
                            field.Name, JsonPaths.Property(path, property.Name), file, property.At));
                        continue;
                    }
                    edits.Add((property.Start, property.Length, field.Name));
                    renames.Add(new PropertyRename(property.At, property.Name, field.Name));
                }
            }
        }
        catch (JsonException e)
        {
            diagnostics.Add(new DefinitionError(ErrorCodes.InvalidJson, $"The file is not valid JSON: {JsonReaderLines.Message(e)} It is left as it is.",
                File: file, Position: JsonReaderLines.PositionOf(e, json.Span, JsonReadContext.ReaderOptions)));
            return new MigratedFile(null, [], diagnostics);
        }
        diagnostics.Sort((a, b) => a.Position.Line != b.Position.Line ? a.Position.Line.CompareTo(b.Position.Line) : a.Position.Column.CompareTo(b.Position.Column));
        if (edits.Count == 0) return new MigratedFile(null, renames, diagnostics);

        var output = new List<byte>(content.Length + edits.Count * 16);
        var copied = 0;
        foreach (var (start, length, to) in edits.OrderBy(e => e.Start))
        {
            output.AddRange(content.AsSpan(copied, offset + start - copied));
            output.AddRange(Encoding.UTF8.GetBytes("\"" + JsonEncodedText.Encode(to).Value + "\""));
            copied = offset + start + length;
        }
        output.AddRange(content.AsSpan(copied));
        return new MigratedFile(output.ToArray(), renames, diagnostics);
    }
}
