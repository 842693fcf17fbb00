using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace CallRules.Generator.Emitting;

/// <summary>
/// What the templates read: every name, literal, value and flag, computed here from the spec; the C# that uses them
/// is written in the templates (Common.sbn-cs for what several templates write). Scriban sees the members in snake_case (<c>TypeName</c> → <c>type_name</c>).
/// </summary>
internal sealed class SchemaView
{
    public SchemaView(SchemaSpec spec, string generatorVersion)
    {
        Namespace = spec.Namespace;
        NamespaceLiteral = Literal(spec.Namespace);
        Removed = spec.Removed.Select(r => new RemovedView(Literal(r.Name), Literal(r.Reason))).ToList();
        TypeName = spec.TypeName;
        SchemaFile = spec.SchemaFileName;
        SchemaFileLiteral = Literal(spec.SchemaFileName);
        TypeNameLiteral = Literal(spec.TypeName);
        DescriptionLiteral = spec.Description is null ? null : Literal(spec.Description);
        Summary = DocLines(spec.Description ?? $"A definition described by {spec.SchemaFileName}.", 4);
        GeneratorVersion = generatorVersion;
        FieldCount = spec.Fields.Count;
        Enums = spec.Enums.Select(e => new EnumView(e, spec.Namespace,
            spec.Fields.Where(f => f.EnumType == e.TypeName).Select(f => f.WireName))).ToList();
        var locals = new LocalNames();
        Fields = spec.Fields.Select(f => new FieldView(f, spec, Enums, locals)).ToList();
        foreach (var field in spec.Fields)
            Fields[field.Index].LinkDefaults(field, spec, Fields);
        KeyFields = spec.Key.Select(i => Fields[i]).ToList();
        CallRuleFields = Fields.Where(f => f.CallRuleUtf8 is not null).ToList();
        PatternFields = Fields.Where(f => f.PatternLiteral is not null).ToList();
        NameGroups = Fields
            .GroupBy(f => Encoding.UTF8.GetByteCount(f.WireName))
            .OrderBy(g => g.Key)
            .Select(g => new NameGroup(g.Key, g.ToList()))
            .ToList();
    }

    public string Namespace { get; }
    public string NamespaceLiteral { get; }
    /// <summary>The removed wire names with their reasons, as literals.</summary>
    public List<RemovedView> Removed { get; }
    public bool HasRemoved => Removed.Count > 0;
    public string TypeName { get; }
    public string SchemaFile { get; }
    public string SchemaFileLiteral { get; }
    public string TypeNameLiteral { get; }
    /// <summary>The schema's description as a literal; null when it has none.</summary>
    public string? DescriptionLiteral { get; }
    public string Summary { get; }
    public string GeneratorVersion { get; }
    public int FieldCount { get; }
    /// <summary>The key fields, in key order.</summary>
    public List<FieldView> KeyFields { get; }
    public List<FieldView> Fields { get; }
    public List<FieldView> CallRuleFields { get; }
    public List<FieldView> PatternFields { get; }
    public List<EnumView> Enums { get; }
    public List<NameGroup> NameGroups { get; }

    /// <summary>
    /// <paramref name="value"/> as a C# string literal. Printable ASCII other than <c>"</c> and <c>\</c> is
    /// written as it is, which is what <see cref="SymbolDisplay.FormatLiteral(string, bool)"/> writes for it too;
    /// that call looks every character up, which made it the largest cost of building the view (docs/performance.md).
    /// </summary>
    internal static string Literal(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
                return SymbolDisplay.FormatLiteral(value, quote: true);
        }
        return "\"" + value + "\"";
    }

    internal static string Utf8Literal(string value) => Literal(value) + "u8";

    internal static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Text as XML doc comment lines (escaped), each indented and starting with <c>/// </c>.</summary>
    /// <remarks>A line's trailing white space is dropped, a <c>\r</c> before its <c>\n</c> with it.</remarks>
    internal static string DocLines(string text, int indent, bool escape = true)
    {
        var builder = TextBuilderCache.Acquire();
        var lineStart = 0;
        while (true)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            var end = lineEnd < 0 ? text.Length : lineEnd;
            builder.Append(' ', indent).Append("/// ");
            for (var i = lineStart; i < end; i++)
            {
                var c = text[i];
                if (escape && c == '&') builder.Append("&amp;");
                else if (escape && c == '<') builder.Append("&lt;");
                else if (escape && c == '>') builder.Append("&gt;");
                else builder.Append(c);
            }
            // Stops at the "///" at the latest.
            while (char.IsWhiteSpace(builder[builder.Length - 1]))
                builder.Length--;
            if (lineEnd < 0)
                return TextBuilderCache.ToStringAndRelease(builder);
            builder.Append('\n');
            lineStart = lineEnd + 1;
        }
    }

    internal static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
