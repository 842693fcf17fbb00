using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using CallRules.Runtime.Schema;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Documentation;

/// <summary>
/// Writes a Markdown reference of every field of one <see cref="DefinitionSchema"/>: an overview table, then one
/// section per field with its wire name, type, limits, allowed values, default, call-rule mapping and key,
/// whether it is secret or unsupported, and its description. It works from the schema as data and knows no field
/// by name.
/// </summary>
/// <remarks>
/// The output is deterministic (LF line ends, invariant culture, schema order), so a committed copy can be checked
/// for staleness by writing it again and comparing.
/// </remarks>
public static class FieldReferenceWriter
{
    /// <summary>Returns the Markdown reference, ending with a line feed.</summary>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    public static string ToMarkdown(DefinitionSchema schema)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, schema);
        return text.ToString();
    }

    /// <summary>Writes the Markdown reference to <paramref name="output"/>, ending with a line feed.</summary>
    /// <param name="output">Where the text goes; line ends are always LF, whatever its <c>NewLine</c>.</param>
    /// <param name="schema">The definition schema, such as a generated type's <c>Schema</c>.</param>
    public static void Write(TextWriter output, DefinitionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        var md = new MarkdownText(output);

        md.Line($"# {schema.Name} fields");
        md.Line();
        md.Line($"<!-- Generated from {schema.SchemaFile} by CallRules.Runtime.Documentation.FieldReferenceWriter. Do not edit: change the schema and generate again. -->");
        md.Line();
        if (!string.IsNullOrEmpty(schema.Description))
        {
            md.Line(schema.Description);
            md.Line();
        }
        md.Line($"A definition file holds one {schema.Name} definition (a JSON object) or an array of them. A definition is "
            + $"identified by {JoinCode(schema.Key)}; its call-rule section is named by {(schema.Key.Count == 1 ? "that value" : "those values joined with `/`")}. "
            + "A field set to `null` counts as absent.");
        md.Line();

        md.Line("| Field | Type | Required | Default | Call-rule key |");
        md.Line("|---|---|---|---|---|");
        foreach (var field in schema.Fields)
        {
            md.Line($"| [{Code(field.Name, inTable: true)}](#{Anchor(field.Name)}){(field.Deprecated is null ? "" : " (deprecated)")} | {TypeName(field)} | {(field.Required ? "yes" : "")} "
                + $"| {DefaultSummary(field)} | {(field.CallRule is null ? "" : Code(field.CallRule, inTable: true))} |");
        }

        foreach (var field in schema.Fields)
        {
            md.Line();
            WriteField(md, schema, field);
        }

        if (schema.Removed.Count > 0)
        {
            md.Line();
            md.Line("## Removed fields");
            md.Line();
            md.Line("A definition that sets one of these gets error CR1017 with the reason.");
            md.Line();
            md.Line("| Field | Why, and what to do instead |");
            md.Line("|---|---|");
            foreach (var removed in schema.Removed)
                md.Line($"| {Code(removed.Name, inTable: true)} | {EscapeCell(removed.Reason)} |");
        }
        output.Flush();
    }

    private static void WriteField(MarkdownText md, DefinitionSchema schema, FieldInfo field)
    {
        md.Line($"## {Code(field.Name)}");
        md.Line();
        if (field.Unsupported is not null)
        {
            md.Line($"> **Not supported.** {field.Unsupported}");
            md.Line();
        }
        if (field.Deprecated is not null)
        {
            md.Line($"> **Deprecated.** {field.Deprecated}");
            md.Line();
        }
        if (!string.IsNullOrEmpty(field.Description))
        {
            md.Line(field.Description);
            md.Line();
        }

        md.Line($"- **Type:** {TypeDetail(field)}");
        var keyIndex = IndexOf(schema.Key, field.Name);
        if (field.Required)
            md.Line(keyIndex >= 0 ? $"- **Required:** yes; key field {keyIndex + 1} of {schema.Key.Count}" : "- **Required:** yes");
        foreach (var limit in Limits(field))
            md.Line($"- {limit}");
        if (field.DefaultFrom is not null)
            md.Line($"- **Default:** the value of [{Code(field.DefaultFrom)}](#{Anchor(field.DefaultFrom)}) when absent");
        else if (field.Default is not null)
            md.Line($"- **Default:** {DefaultText(field.Default)}");
        if (field.CallRule is not null)
        {
            var mapped = field.Map.Count > 0 ? "; values are written as mapped below" : "";
            md.Line($"- **Call rule:** {Code(field.CallRule + "=…")}{mapped}");
        }
        else
        {
            md.Line("- **Call rule:** none; the field is not written to the call rules");
        }
        if (field.Secret)
            md.Line("- **Secret:** the value never appears in messages or logs; it is still written to the call rules and to JSON");
        if (field.RenamedFrom.Count > 0)
            md.Line($"- **Earlier names:** {JoinCode(field.RenamedFrom)}, still read as this field, with a warning");
        md.Line($"- **C# property:** {Code(field.Property)}{(field.EnumType is null ? "" : $" (enum {Code(field.EnumType)})")}");

        if (field.Values.Count > 0)
        {
            md.Line();
            var hasMap = field.Map.Count > 0;
            md.Line(hasMap ? "| Value | Call-rule value | Meaning |" : "| Value | Meaning |");
            md.Line(hasMap ? "|---|---|---|" : "|---|---|");
            foreach (var value in field.Values)
            {
                field.ValueDescriptions.TryGetValue(value, out var meaning);
                var cells = Code(value, inTable: true);
                if (hasMap)
                    cells += " | " + (field.Map.TryGetValue(value, out var target) ? Code(target, inTable: true) : "");
                md.Line($"| {cells} | {EscapeCell(meaning ?? "")} |");
            }
        }
    }

    private static string TypeName(FieldInfo field) => field.Kind switch
    {
        FieldKind.String => "string",
        FieldKind.Integer => "integer",
        FieldKind.Enum => "enum",
        FieldKind.Object => "object",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, $"Field '{field.Name}' has a kind this writer does not know."),
    };

    private static string TypeDetail(FieldInfo field) => field.Kind switch
    {
        FieldKind.String => "string",
        FieldKind.Integer => "integer (a JSON number, or a string of digits such as `\"30\"`)",
        FieldKind.Enum => "enum: one of the values below",
        FieldKind.Object => "object (kept as raw JSON)",
        _ => TypeName(field),
    };

    private static IEnumerable<string> Limits(FieldInfo field)
    {
        if (field.MinLength is { } min && field.MaxLength is { } max)
            yield return string.Create(CultureInfo.InvariantCulture, $"**Length:** {min} to {max} characters");
        else if (field.MaxLength is { } maxOnly)
            yield return string.Create(CultureInfo.InvariantCulture, $"**Length:** at most {maxOnly} characters");
        else if (field.MinLength is { } minOnly)
            yield return string.Create(CultureInfo.InvariantCulture, $"**Length:** at least {minOnly} characters");

        if (field.Minimum is { } low && field.Maximum is { } high)
            yield return string.Create(CultureInfo.InvariantCulture, $"**Range:** {low} to {high}");
        else if (field.Minimum is { } lowOnly)
            yield return string.Create(CultureInfo.InvariantCulture, $"**Range:** at least {lowOnly}");
        else if (field.Maximum is { } highOnly)
            yield return string.Create(CultureInfo.InvariantCulture, $"**Range:** at most {highOnly}");

        if (field.Pattern is not null)
            yield return $"**Pattern:** the whole value matches {Code(field.Pattern)}";
        if (field.Format is not null)
            yield return $"**Format:** {Code(field.Format)}, {ValueFormats.Describe(field.Format)}";
    }

    private static string DefaultSummary(FieldInfo field)
    {
        if (field.DefaultFrom is not null)
            return "from " + Code(field.DefaultFrom, inTable: true);
        if (field.Default is null)
            return "";
        return field.Default.Length == 0 ? "empty" : Code(field.Default, inTable: true);
    }

    private static string DefaultText(string value) =>
        value.Length == 0 ? "empty (the call-rule line is written with no value)" : Code(value);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    private static string JoinCode(IReadOnlyList<string> names)
    {
        var text = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0) text.Append(i == names.Count - 1 ? " and " : ", ");
            text.Append(Code(names[i]));
        }
        return text.ToString();
    }

    /// <summary>The anchor GitHub gives a heading of just this code span: lower case, punctuation other than - and _ dropped.</summary>
    private static string Anchor(string name)
    {
        var anchor = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                anchor.Append(char.ToLowerInvariant(c));
            else if (c == ' ')
                anchor.Append('-');
        }
        return anchor.ToString();
    }

    /// <summary>A code span that holds <paramref name="text"/> whatever backticks it contains.</summary>
    private static string Code(string text, bool inTable = false)
    {
        var longestRun = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }
        var fence = new string('`', longestRun + 1);
        var pad = text.Length == 0 || text[0] == '`' || text[^1] == '`' ? " " : "";
        var body = inTable ? text.Replace("|", "\\|", StringComparison.Ordinal) : text;
        return fence + pad + body + pad + fence;
    }

    private static string EscapeCell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Writes lines with LF ends, whatever the platform.</summary>
    private sealed class MarkdownText(TextWriter output)
    {
        public void Line(string text = "")
        {
            output.Write(text);
            output.Write('\n');
        }
    }
}
