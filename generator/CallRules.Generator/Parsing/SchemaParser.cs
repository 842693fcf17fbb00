using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using CallRules.Generator.Common;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>
/// Reads one schema file into a <see cref="SchemaSpec"/>. Every mistake becomes a diagnostic located at the
/// keyword or value in the file; the parser goes on after a mistake so one build shows them all, and returns
/// a spec only when there was none. One file per job: this one reads the schema object and reports;
/// <c>.Field</c> reads a field's keywords, <c>.Values</c> its enum values, map and default, <c>.CrossField</c>
/// checks what fields say about each other, <c>.Key</c> reads the key, <c>.KeywordValues</c> reads a keyword's
/// value of the expected JSON kind. The keyword names are <see cref="SchemaKeywords"/>.
/// </summary>
internal sealed partial class SchemaParser
{
    private readonly string _path;
    private readonly SourceText _text;
    private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();

    private SchemaParser(string path, SourceText text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>Parses the schema file at <paramref name="path"/> with contents <paramref name="text"/>.</summary>
    /// <param name="path">The file's path, for diagnostics.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="namespaceOverride">A namespace set in the project (item metadata), which wins over the file's.</param>
    /// <param name="cancellationToken">Stops the work when the compiler no longer needs it.</param>
    public static SchemaParseResult Parse(string path, SourceText text, string? namespaceOverride, CancellationToken cancellationToken) =>
        Parse(path, text, namespaceOverride, baseline: null, cancellationToken);

    /// <summary>
    /// Parses the schema file and, when it is valid, compares it with its shipped baseline (<paramref name="baseline"/>,
    /// null when the project has none): each breaking change is a diagnostic at the keyword that changed. Breaking
    /// changes do not withhold the spec: the build fails on them, but the generated code is there, so the build shows
    /// the one error that matters and not a cascade of missing types.
    /// </summary>
    public static SchemaParseResult Parse(string path, SourceText text, string? namespaceOverride, BaselineSpec? baseline, CancellationToken cancellationToken)
    {
        var parser = new SchemaParser(path, text);
        var spec = parser.ParseSchema(namespaceOverride, cancellationToken);
        var valid = parser._diagnostics.Count == 0;
        if (valid && spec is not null && parser._root is not null)
            parser.CheckAgainstBaseline(spec, baseline?.Spec, baseline?.FileName);
        var diagnostics = parser._diagnostics.ToEquatableArray();
        return new SchemaParseResult(valid ? spec : null, diagnostics);
    }

    private SchemaSpec? ParseSchema(string? namespaceOverride, CancellationToken cancellationToken)
    {
        var root = JsonTextParser.Parse(_text.ToString(), out var syntaxError);
        if (root is null)
        {
            Report(DiagnosticDescriptors.MalformedJson, syntaxError!.Span, syntaxError.Message);
            return null;
        }
        if (root is not JsonObjectNode rootObject)
        {
            Report(DiagnosticDescriptors.SchemaNotObject, root.Span, root.KindName);
            return null;
        }
        _root = rootObject;

        // A JSON Schema document (such as the schema language's own) is not a CallRules schema: leave it alone.
        if (rootObject.Properties.FirstOrDefault(p => p.Name == SchemaKeywords.JsonSchema)?.Value is JsonStringNode metaSchema
            && metaSchema.Value.IndexOf("json-schema.org", StringComparison.OrdinalIgnoreCase) >= 0)
            return null;

        string? typeName = null, ns = null, description = null;
        JsonArrayNode? keyNode = null, fieldsNode = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in rootObject.Properties)
        {
            if (!seen.Add(property.Name))
            {
                Report(DiagnosticDescriptors.DuplicateKeyword, property.NameSpan, property.Name, "the schema");
                continue;
            }
            switch (property.Name)
            {
                case SchemaKeywords.JsonSchema:
                    ExpectString(property);
                    break;
                case SchemaKeywords.Name:
                    typeName = ExpectString(property);
                    if (typeName is not null && !Naming.IsValidIdentifier(typeName, out var reason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The type name", typeName, reason);
                        typeName = null;
                    }
                    break;
                case SchemaKeywords.Namespace:
                    ns = ExpectString(property);
                    if (ns is not null && !Naming.IsValidNamespace(ns, out var nsReason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The namespace", ns, nsReason);
                        ns = null;
                    }
                    break;
                case SchemaKeywords.Description:
                    description = ExpectString(property);
                    break;
                case SchemaKeywords.Key:
                    keyNode = Expect<JsonArrayNode>(property, "an array of field names");
                    break;
                case SchemaKeywords.Fields:
                    fieldsNode = Expect<JsonArrayNode>(property, "an array of field objects");
                    break;
                case SchemaKeywords.Removed:
                    ReadRemoved(property);
                    break;
                case SchemaKeywords.AllowBreaking:
                    ReadAllowBreaking(property);
                    break;
                default:
                    Report(DiagnosticDescriptors.UnknownKeyword, property.NameSpan, property.Name, "a schema",
                        Naming.DidYouMean(property.Name, SchemaKeywords.OfSchema));
                    break;
            }
        }

        var start = new TextSpan(rootObject.Span.Start, 1);
        if (!seen.Contains(SchemaKeywords.Name)) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", SchemaKeywords.Name, "the C# type name of one definition, e.g. \"Connection\"");
        if (!seen.Contains(SchemaKeywords.Namespace) && namespaceOverride is null) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", SchemaKeywords.Namespace, "the C# namespace of the generated types, e.g. \"MyCompany.Connections\"");
        if (!seen.Contains(SchemaKeywords.Key)) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", SchemaKeywords.Key, "the names of the fields that identify one definition");
        if (!seen.Contains(SchemaKeywords.Fields)) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", SchemaKeywords.Fields, "an array of field objects");
        if (namespaceOverride is not null && !Naming.IsValidNamespace(namespaceOverride, out var overrideReason))
            Report(DiagnosticDescriptors.InvalidIdentifier, start, "The namespace set in the project (CallRulesNamespace)", namespaceOverride, overrideReason);
        else if (namespaceOverride is not null)
            ns = namespaceOverride;

        var fields = new List<RawField>();
        if (fieldsNode is not null)
        {
            if (fieldsNode.Items.Count == 0)
                Report(DiagnosticDescriptors.EmptyArray, fieldsNode.Span, SchemaKeywords.Fields, "field object");
            foreach (var item in fieldsNode.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item is JsonObjectNode fieldObject)
                    fields.Add(ReadField(fieldObject, fields.Count));
                else
                    Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, SchemaKeywords.Fields, "an array of field objects", "an array with " + item.KindName + " in it");
            }
        }

        _fields = fields;
        CheckNames(fields, typeName);
        CheckReservedNames(fields);
        ResolveDefaultFrom(fields);
        var enums = BuildEnums(fields, typeName);
        var key = ReadKey(keyNode, fields);

        if (_diagnostics.Count > 0 || typeName is null || ns is null)
            return null;

        var specs = fields.Select(f => f.ToSpec()).ToEquatableArray();
        return new SchemaSpec(FileName(_path), typeName, ns, description, key.ToEquatableArray(), specs, enums.ToEquatableArray(),
            _removed.Select(r => new RemovedSpec(r.Name, r.Reason)).ToEquatableArray());
    }

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, params string[] arguments)
    {
        var clamped = TextSpan.FromBounds(Math.Min(span.Start, _text.Length), Math.Min(span.End, _text.Length));
        var location = new LocationInfo(_path, clamped, _text.Lines.GetLinePositionSpan(clamped));
        _diagnostics.Add(new DiagnosticInfo(descriptor, location, arguments.ToEquatableArray()));
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private int Line(TextSpan span) => _text.Lines.GetLinePosition(span.Start).Line + 1;

    internal static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }
}
