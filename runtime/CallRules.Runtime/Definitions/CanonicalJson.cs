using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Definitions;

/// <summary>
/// The canonical form of a definition file, which <c>fmt</c> writes and <c>import</c> produces: the generated
/// serializer's output (set fields only, in schema order, integers as numbers), <c>$schema</c> first where the object
/// names one, indented by two spaces, UTF-8 without a byte-order mark, LF line ends and a final line feed; one object,
/// or an array of them.
/// </summary>
public static class CanonicalJson
{
    /// <summary>How canonical files are written: two-space indent, and only what JSON requires escaped.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Definition files are read by people and by this tool, never embedded in HTML: '<', '+' and quotes stay.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One definition in canonical form, as an object for <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the object goes.</param>
    /// <param name="definition">The definition; only its set fields are written.</param>
    /// <param name="schemaReference">The <c>$schema</c> value to write first, or null for none.</param>
    /// <param name="omitDefaults">Whether to leave out set values equal to what the field would get without them.</param>
    public static void WriteObject<T>(Utf8JsonWriter writer, T definition, string? schemaReference, bool omitDefaults = false)
        where T : class, IDefinition<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        // The generated writer writes a whole object; it is read back property by property so that $schema can go first
        // and defaults can be left out, without the runtime knowing any field.
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var fields = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WriterOptions.Encoder }))
            T.WriteJson(fields, definition);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var root = document.RootElement;
        string? ValueOf(string name) => root.TryGetProperty(name, out var value) ? WireText(value) : null;
        writer.WriteStartObject();
        if (schemaReference is not null) writer.WriteString(JsonReadContext.SchemaProperty, schemaReference);
        foreach (var property in root.EnumerateObject())
        {
            if (omitDefaults && EqualsDefault(T.Schema, property.Name, property.Value, ValueOf)) continue;
            property.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>A whole file: one object, or an array of them; ends with a line feed.</summary>
    public static byte[] File<T>(IReadOnlyList<T> definitions, bool asArray, Func<T, string?> schemaReference, bool omitDefaults = false)
        where T : class, IDefinition<T>
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(schemaReference);
        if (!asArray && definitions.Count != 1) throw new ArgumentException("A file that is not an array holds one definition.", nameof(asArray));
        var output = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            if (asArray) writer.WriteStartArray();
            foreach (var definition in definitions) WriteObject(writer, definition, schemaReference(definition), omitDefaults);
            if (asArray) writer.WriteEndArray();
        }
        var bytes = new byte[output.WrittenCount + 1];
        output.WrittenSpan.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>
    /// Whether a set field's value is what the definition would get without it: its literal default, or the value of its
    /// <c>defaultFrom</c> field (after that field's own default). <paramref name="valueOf"/> gives the wire text of
    /// another field's set value, or null when it is not set.
    /// </summary>
    public static bool EqualsDefault(DefinitionSchema schema, string wireName, JsonElement value, Func<string, string?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(valueOf);
        var field = schema.Find(wireName);
        if (field is null || field.Required) return false;
        var text = WireText(value);
        if (text is null) return false;
        var effective = DefaultOf(schema, field, valueOf, depth: 0);
        return effective is not null && string.Equals(effective, text, StringComparison.Ordinal);
    }

    /// <summary>The wire text of a JSON string or number; null for anything else.</summary>
    public static string? WireText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static string? DefaultOf(DefinitionSchema schema, FieldInfo field, Func<string, string?> valueOf, int depth)
    {
        if (field.Default is not null) return field.Default;
        if (field.DefaultFrom is null || depth > schema.Fields.Count) return null;
        var source = schema.Find(field.DefaultFrom);
        if (source is null) return null;
        return valueOf(source.Name) ?? DefaultOf(schema, source, valueOf, depth + 1);
    }
}
