using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallRules.Runtime.Schema;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Documentation;

/// <summary>
/// Writes a JSON Schema (draft 2020-12) of the definition files of one <see cref="DefinitionSchema"/>, so an editor
/// that follows <c>$schema</c> completes field names and enum values, shows descriptions, and marks values the
/// validator would reject. It works from the schema as data and knows no field by name.
/// </summary>
/// <remarks>
/// <para>A definition file holds one definition object or an array of them. Each object allows exactly the schema's
/// fields plus <c>$schema</c>; <c>null</c> is allowed wherever the runtime treats it as absent (every field that is
/// not required); integers accept a JSON number or a string of digits, as the reader does.</para>
/// <para>It accepts exactly the documents the CLI accepts (a differential test decides): what JSON Schema has no
/// keyword for is written as patterns built from the same rules the validator runs (<see cref="JsonSchemaPatterns"/>,
/// <see cref="ValueFormats.JsonSchemaPattern"/>): the range of an integer written as a string, the named formats,
/// the characters no call-rule line may hold, what a key value may not look like, and lengths in code points. What
/// a JSON Schema cannot see is left out: duplicate keys across definitions (CR2001), a property given twice in one
/// object (parsers keep one), and the resource limits (nesting, 1 MiB per definition).</para>
/// <para>The output is deterministic: the same schema gives the same bytes (indented by two spaces, LF line ends,
/// non-ASCII text unescaped).</para>
/// </remarks>
public static class DefinitionJsonSchemaWriter
{
    /// <summary>The <c>$schema</c> of the document written: JSON Schema draft 2020-12.</summary>
    public const string MetaSchema = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The options the document is written with.</summary>
    public static JsonWriterOptions WriterOptions => new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Descriptions are prose with quotes and apostrophes: keep them readable. The document is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Returns the JSON Schema as UTF-8 bytes, ending with a line feed.</summary>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    /// <param name="id">An optional <c>$id</c> for the document, such as the URL it is published at.</param>
    public static byte[] ToUtf8Bytes(DefinitionSchema schema, string? id = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, schema, id);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Returns the JSON Schema as text, ending with a line feed.</summary>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    /// <param name="id">An optional <c>$id</c> for the document, such as the URL it is published at.</param>
    public static string ToJsonString(DefinitionSchema schema, string? id = null) =>
        Encoding.UTF8.GetString(ToUtf8Bytes(schema, id));

    /// <summary>Writes the JSON Schema to <paramref name="output"/>, ending with a line feed.</summary>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    /// <param name="id">An optional <c>$id</c> for the document, such as the URL it is published at.</param>
    public static void Write(IBufferWriter<byte> output, DefinitionSchema schema, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
            Write(writer, schema, id);
        var end = output.GetSpan(1);
        end[0] = (byte)'\n';
        output.Advance(1);
    }

    /// <summary>Writes the JSON Schema to <paramref name="output"/>, ending with a line feed; the stream stays open.</summary>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    /// <param name="id">An optional <c>$id</c> for the document, such as the URL it is published at.</param>
    public static void Write(Stream output, DefinitionSchema schema, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(ToUtf8Bytes(schema, id));
    }

    /// <summary>Writes the JSON Schema as one JSON value to <paramref name="writer"/>.</summary>
    /// <param name="writer">The JSON writer; its options decide the layout.</param>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    /// <param name="id">An optional <c>$id</c> for the document, such as the URL it is published at.</param>
    public static void Write(Utf8JsonWriter writer, DefinitionSchema schema, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        var definitionRef = "#/$defs/" + schema.Name;

        writer.WriteStartObject();
        writer.WriteString("$schema", MetaSchema);
        if (id is not null)
            writer.WriteString("$id", id);
        writer.WriteString("title", $"{schema.Name} definitions");
        writer.WriteString("description",
            $"A file of {schema.Name} definitions: one definition object, or an array of them. Generated from {schema.SchemaFile}; do not edit.");
        writer.WriteStartArray("oneOf");
        writer.WriteStartObject();
        writer.WriteString("$ref", definitionRef);
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("type", "array");
        writer.WriteStartObject("items");
        writer.WriteString("$ref", definitionRef);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartObject("$defs");
        WriteDefinition(writer, schema);
        WriteSharedRules(writer, schema);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteDefinition(Utf8JsonWriter writer, DefinitionSchema schema)
    {
        writer.WriteStartObject(schema.Name);
        writer.WriteString("type", "object");
        var description = new StringBuilder();
        if (!string.IsNullOrEmpty(schema.Description))
            description.Append(schema.Description).Append(' ');
        description.Append("Identified by ").Append(JoinQuoted(schema.Key)).Append('.');
        writer.WriteString("description", description.ToString());

        writer.WriteStartObject("properties");
        writer.WriteStartObject("$schema");
        WriteType(writer, "string", nullable: true);
        writer.WriteString("description", "The JSON Schema this file follows (its path or URL), for editors; the compiler checks only that it is a string.");
        writer.WriteEndObject();
        foreach (var field in schema.Fields)
            WriteField(writer, field, KeyPosition(schema, field), schema.Key.Count);
        // Earlier names still read (with a warning): the editor accepts them and marks them deprecated.
        foreach (var field in schema.Fields)
            foreach (var earlier in field.RenamedFrom)
                WriteEarlierName(writer, schema, field, earlier);
        // Removed names: any value is wrong, and the description says why.
        foreach (var removed in schema.Removed)
        {
            writer.WriteStartObject(removed.Name);
            writer.WriteString("description", $"Removed: {removed.Reason}");
            writer.WriteBoolean("deprecated", true);
            writer.WriteStartObject("not");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();

        writer.WriteStartArray("required");
        foreach (var field in schema.Fields)
        {
            if (field.Required)
                writer.WriteStringValue(field.Name);
        }
        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteEndObject();
    }

    private static int KeyPosition(DefinitionSchema schema, FieldInfo field)
    {
        for (var i = 0; i < schema.Key.Count; i++)
            if (string.Equals(schema.Key[i], field.Name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>
    /// The rules many string fields share, named once and referred to by each field: the characters no call-rule
    /// line may hold, and what key values may not look like.
    /// </summary>
    private static void WriteSharedRules(Utf8JsonWriter writer, DefinitionSchema schema)
    {
        writer.WriteStartObject(LineSafeRule);
        writer.WriteString("description", "No control character, line break, DEL, C1 control, U+2028, U+2029 or unpaired surrogate: they could end a call-rule line (CR1012).");
        writer.WriteString("pattern", JsonSchemaPatterns.LineSafe);
        writer.WriteEndObject();
        if (schema.Key.Count == 0) return;
        writer.WriteStartObject(KeyTextRule);
        writer.WriteString("description", "A key value: no space at the start or end, and no invisible, bidirectional-control or non-ASCII space character, which would make different keys look the same (CR1014).");
        writer.WriteString("pattern", JsonSchemaPatterns.KeyText);
        writer.WriteEndObject();
        if (schema.Key.Count < 2) return;
        writer.WriteStartObject(NoKeySeparatorRule);
        writer.WriteString("description", $"A key value before the last: no '{DefinitionKey.Separator}', which separates the key values in a section name (CR1013).");
        writer.WriteString("pattern", JsonSchemaPatterns.NoKeySeparator);
        writer.WriteEndObject();
    }

    private const string LineSafeRule = "line-safe-text";
    private const string KeyTextRule = "key-text";
    private const string NoKeySeparatorRule = "key-text-before-the-last";

    private static void WriteField(Utf8JsonWriter writer, FieldInfo field, int keyPosition, int keyCount)
    {
        writer.WriteStartObject(field.Name);
        writer.WriteString("description", Describe(field));

        if (field.Deprecated is not null)
            writer.WriteBoolean("deprecated", true);
        if (field.Unsupported is not null)
        {
            // The reader accepts null (absent) and rejects everything else with CR1011.
            writer.WriteString("type", "null");
            writer.WriteBoolean("deprecated", true);
            writer.WriteEndObject();
            return;
        }

        // Null is absent: allowed unless the field is required.
        var nullable = !field.Required;
        switch (field.Kind)
        {
            case FieldKind.String:
                WriteType(writer, "string", nullable);
                // minLength counts what JSON Schema calls characters; some validators count grapheme clusters instead,
                // so a minimum above 1 is said exactly by the length pattern below, and only "not empty" here.
                if (field.Required || field.MinLength > 0)
                    writer.WriteNumber("minLength", 1);
                if (field.MaxLength is { } maxLength)
                    writer.WriteNumber("maxLength", maxLength);
                if (field.Pattern is not null)
                    writer.WriteString("pattern", SchemaPatterns.AnchorForJsonSchema(field.Pattern));
                if (field.Default is not null)
                    writer.WriteString("default", field.Default);
                // What JSON Schema has no keyword for, as patterns that must all match.
                writer.WriteStartArray("allOf");
                WriteReference(writer, LineSafeRule);
                if (keyPosition >= 0)
                    WriteReference(writer, KeyTextRule);
                if (keyPosition >= 0 && keyPosition < keyCount - 1)
                    WriteReference(writer, NoKeySeparatorRule);
                if (field.MaxLength is not null || field.MinLength > 1)
                    WritePattern(writer, JsonSchemaPatterns.Length(field.MinLength, field.MaxLength),
                        "The length in characters (code points: an emoji is one).");
                if (field.Format is not null)
                    WritePattern(writer, ValueFormats.JsonSchemaPattern(field.Format), $"Format: {ValueFormats.Describe(field.Format)}.");
                writer.WriteEndArray();
                break;

            case FieldKind.Integer:
                writer.WriteStartArray("anyOf");
                // Any JSON number whose value is whole (30, 3e1, 30.0), within the field's range or else a long's.
                var minimum = field.Minimum ?? long.MinValue;
                var maximum = field.Maximum ?? long.MaxValue;
                writer.WriteStartObject();
                writer.WriteString("type", "integer");
                writer.WriteNumber("minimum", minimum);
                writer.WriteNumber("maximum", maximum);
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("type", "string");
                // An optional minus sign and digits (leading zeros allowed), within the same range.
                writer.WriteString("pattern", JsonSchemaPatterns.IntegerString(minimum, maximum));
                writer.WriteString("description", "The same whole number, written as a string of digits.");
                writer.WriteEndObject();
                if (nullable)
                    WriteNullAlternative(writer);
                writer.WriteEndArray();
                if (field.Default is not null)
                {
                    if (long.TryParse(field.Default, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                        writer.WriteNumber("default", number);
                    else
                        writer.WriteString("default", field.Default);
                }
                break;

            case FieldKind.Enum:
                writer.WriteStartArray("oneOf");
                foreach (var value in field.Values)
                {
                    writer.WriteStartObject();
                    writer.WriteString("const", value);
                    var valueDescription = ValueDescription(field, value);
                    if (valueDescription is not null)
                        writer.WriteString("description", valueDescription);
                    writer.WriteEndObject();
                }
                if (nullable)
                    WriteNullAlternative(writer);
                writer.WriteEndArray();
                if (field.Default is not null)
                    writer.WriteString("default", field.Default);
                break;

            case FieldKind.Object:
                WriteType(writer, "object", nullable);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Kind, $"Field '{field.Name}' has a kind this writer does not know.");
        }
        writer.WriteEndObject();
    }

    private static void WriteEarlierName(Utf8JsonWriter writer, DefinitionSchema schema, FieldInfo field, string earlier)
    {
        writer.WriteStartObject(earlier);
        writer.WriteString("description", $"The earlier name of '{field.Name}', read as it; rename it to '{field.Name}' ('callrules migrate' does).");
        writer.WriteBoolean("deprecated", true);
        writer.WriteString("$ref", $"#/$defs/{schema.Name}/properties/{field.Name}");
        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, string type, bool nullable)
    {
        if (!nullable)
        {
            writer.WriteString("type", type);
            return;
        }
        writer.WriteStartArray("type");
        writer.WriteStringValue(type);
        writer.WriteStringValue("null");
        writer.WriteEndArray();
    }

    private static void WriteReference(Utf8JsonWriter writer, string rule)
    {
        writer.WriteStartObject();
        writer.WriteString("$ref", "#/$defs/" + rule);
        writer.WriteEndObject();
    }

    private static void WritePattern(Utf8JsonWriter writer, string pattern, string description)
    {
        writer.WriteStartObject();
        writer.WriteString("description", description);
        writer.WriteString("pattern", pattern);
        writer.WriteEndObject();
    }

    private static void WriteNullAlternative(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "null");
        writer.WriteString("description", "The same as leaving the field out.");
        writer.WriteEndObject();
    }

    private static string? ValueDescription(FieldInfo field, string value)
    {
        field.ValueDescriptions.TryGetValue(value, out var description);
        if (field.Map.TryGetValue(value, out var mapped) && (description is null || !description.Contains($"'{mapped}'", StringComparison.Ordinal)))
            description = (description is null ? "" : description + " ") + $"Written to the call rules as '{mapped}'.";
        return description;
    }

    /// <summary>The field's description, followed by what an editor user needs and the schema says elsewhere.</summary>
    private static string Describe(FieldInfo field)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(field.Description))
            text.Append(field.Description);
        void Sentence(string sentence)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(sentence);
        }

        if (field.Unsupported is not null)
            Sentence("Not supported: " + field.Unsupported);
        if (field.Deprecated is not null)
            Sentence("Deprecated: " + field.Deprecated);
        if (field.Format is not null)
            Sentence($"Format: {ValueFormats.Describe(field.Format)}.");
        if (field.DefaultFrom is not null)
            Sentence($"When absent, the value of '{field.DefaultFrom}' applies.");
        else if (field.Default is not null)
            Sentence(field.Default.Length == 0 ? "Default: empty." : $"Default: {field.Default}.");
        if (field.CallRule is not null)
            Sentence($"Call-rule key: {field.CallRule}.");
        if (field.Secret)
            Sentence("Secret: never shown in messages or logs.");
        return text.ToString();
    }

    private static string JoinQuoted(IReadOnlyList<string> names)
    {
        var text = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0) text.Append(i == names.Count - 1 ? " and " : ", ");
            text.Append('\'').Append(names[i]).Append('\'');
        }
        return text.ToString();
    }
}
