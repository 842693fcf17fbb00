using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallRules.Runtime.Schema;

/// <summary>
/// The shipped baseline of a schema: <c>x.schema.shipped.json</c> beside <c>x.schema.json</c>, committed, holding what
/// the last released version of the schema promised (its <see cref="SchemaContract"/>). The generator reads it as an
/// additional file and reports every breaking change of the schema against it at build time; <c>callrules
/// baseline</c> writes it when a version is released.
/// </summary>
/// <remarks>
/// <para>The baseline is itself a schema file, in canonical form, so the generator reads it with the schema parser and
/// every mistake in it is located: the keywords that carry meaning (descriptions and examples are left out), each
/// field on one line with its keywords in a fixed order and its C# names written out (<c>property</c>,
/// <c>enumType</c>), so a release's diff of the baseline shows exactly what the release changed.</para>
/// <para>Its name ends in <c>.schema.shipped.json</c>, not <c>.schema.json</c>, so the generator never takes it for a
/// schema of its own, and a JSON comment on its first line says what it is.</para>
/// </remarks>
public static class SchemaBaseline
{
    /// <summary>How a baseline's file name ends.</summary>
    public const string Suffix = ".schema.shipped.json";

    /// <summary>How a schema's file name ends.</summary>
    public const string SchemaSuffix = ".schema.json";

    private static readonly JavaScriptEncoder s_encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The baseline path of a schema path: <c>schema/x.schema.json</c> → <c>schema/x.schema.shipped.json</c>.</summary>
    public static string PathFor(string schemaPath)
    {
        ArgumentNullException.ThrowIfNull(schemaPath);
        return schemaPath.EndsWith(SchemaSuffix, StringComparison.OrdinalIgnoreCase)
            ? schemaPath[..^SchemaSuffix.Length] + Suffix
            : schemaPath + ".shipped.json";
    }

    /// <summary>The baseline of <paramref name="schema"/>, as UTF-8 text in canonical form, ending with a line feed.</summary>
    public static byte[] Write(DefinitionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var text = new StringBuilder();
        text.Append("// The shipped baseline of ").Append(schema.SchemaFile)
            .Append(": what its last release promised. Written by 'callrules baseline' at release; do not edit.\n");
        text.Append("{\n");
        text.Append("  \"name\": ").Append(Quote(schema.Name)).Append(",\n");
        // A schema whose project sets the namespace (CallRulesNamespace) may have none; the baseline needs one to be a
        // schema, and the comparison does not look at it.
        text.Append("  \"namespace\": ").Append(Quote(schema.Namespace ?? schema.Name + "s")).Append(",\n");
        text.Append("  \"key\": ").Append(Strings(schema.Key)).Append(",\n");
        text.Append("  \"fields\": [\n");
        for (var i = 0; i < schema.Fields.Count; i++)
            text.Append("    ").Append(Field(schema.Fields[i])).Append(i < schema.Fields.Count - 1 ? ",\n" : "\n");
        text.Append("  ]");
        if (schema.Removed.Count > 0)
        {
            text.Append(",\n  \"removed\": [\n");
            for (var i = 0; i < schema.Removed.Count; i++)
            {
                var removed = schema.Removed[i];
                text.Append("    { \"name\": ").Append(Quote(removed.Name)).Append(", \"reason\": ").Append(Quote(removed.Reason)).Append(" }")
                    .Append(i < schema.Removed.Count - 1 ? ",\n" : "\n");
            }
            text.Append("  ]");
        }
        text.Append("\n}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>What <paramref name="schema"/> promises, for <see cref="SchemaContracts.Compare"/>.</summary>
    public static SchemaContract ContractOf(DefinitionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaContract(schema.Name, schema.Key,
            schema.Fields.Select(f => new FieldContract(
                f.Name, f.Property, SchemaKeywords.Types[(int)f.Kind], f.EnumType, f.Required, f.Values,
                f.Values.Select(v => f.Map.TryGetValue(v, out var target) ? target : v).ToList(),
                f.Default, f.DefaultFrom, f.CallRule, f.MaxLength, f.MinLength, f.Minimum, f.Maximum, f.Pattern, f.Format,
                f.Secret, f.Unsupported, f.Deprecated, f.RenamedFrom)).ToList(),
            schema.Removed.Select(r => r.Name).ToList());
    }

    private static string Field(FieldInfo field)
    {
        var parts = new List<string>
        {
            Pair(SchemaKeywords.Name, Quote(field.Name)),
            Pair(SchemaKeywords.Property, Quote(field.Property)),
            Pair(SchemaKeywords.Type, Quote(SchemaKeywords.Types[(int)field.Kind])),
        };
        if (field.EnumType is not null) parts.Add(Pair(SchemaKeywords.EnumType, Quote(field.EnumType)));
        if (field.Required) parts.Add(Pair(SchemaKeywords.Required, "true"));
        if (field.Kind == FieldKind.Enum) parts.Add(Pair(SchemaKeywords.Values, Strings(field.Values)));
        if (field.Map.Count > 0)
            parts.Add(Pair(SchemaKeywords.Map, "{ " + string.Join(", ", field.Values.Where(field.Map.ContainsKey).Select(v => Quote(v) + ": " + Quote(field.Map[v]))) + " }"));
        if (field.Default is not null)
            parts.Add(Pair(SchemaKeywords.Default, field.Kind == FieldKind.Integer ? field.Default : Quote(field.Default)));
        if (field.DefaultFrom is not null) parts.Add(Pair(SchemaKeywords.DefaultFrom, Quote(field.DefaultFrom)));
        if (field.CallRule is not null) parts.Add(Pair(SchemaKeywords.CallRule, Quote(field.CallRule)));
        if (field.MaxLength is { } maxLength) parts.Add(Pair(SchemaKeywords.MaxLength, Number(maxLength)));
        if (field.MinLength is { } minLength) parts.Add(Pair(SchemaKeywords.MinLength, Number(minLength)));
        if (field.Minimum is { } minimum) parts.Add(Pair(SchemaKeywords.Minimum, Number(minimum)));
        if (field.Maximum is { } maximum) parts.Add(Pair(SchemaKeywords.Maximum, Number(maximum)));
        if (field.Pattern is not null) parts.Add(Pair(SchemaKeywords.Pattern, Quote(field.Pattern)));
        if (field.Format is not null) parts.Add(Pair(SchemaKeywords.Format, Quote(field.Format)));
        if (field.Secret) parts.Add(Pair(SchemaKeywords.Secret, "true"));
        if (field.Unsupported is not null) parts.Add(Pair(SchemaKeywords.Unsupported, Quote(field.Unsupported)));
        if (field.Deprecated is not null) parts.Add(Pair(SchemaKeywords.Deprecated, Quote(field.Deprecated)));
        if (field.RenamedFrom.Count > 0) parts.Add(Pair(SchemaKeywords.RenamedFrom, Strings(field.RenamedFrom)));
        return "{ " + string.Join(", ", parts) + " }";
    }

    private static string Pair(string keyword, string value) => Quote(keyword) + ": " + value;

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text, s_encoder) + "\"";

    private static string Strings(IEnumerable<string> texts) => "[" + string.Join(", ", texts.Select(Quote)) + "]";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
