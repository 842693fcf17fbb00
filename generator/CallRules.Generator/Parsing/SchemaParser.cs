using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
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
/// a spec only when there was none.
/// </summary>
internal sealed class SchemaParser
{
    private static readonly string[] s_topKeywords = { "$schema", "name", "namespace", "description", "key", "fields" };

    private static readonly string[] s_fieldKeywords =
    {
        "name", "property", "type", "required", "description", "values", "enumType", "default", "defaultFrom",
        "map", "callRule", "maxLength", "minLength", "minimum", "maximum", "pattern", "format", "secret",
        "unsupported", "examples",
    };

    private static readonly string[] s_types = { "string", "integer", "enum", "object" };

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
    public static SchemaParseResult Parse(string path, SourceText text, string? namespaceOverride, CancellationToken cancellationToken)
    {
        var parser = new SchemaParser(path, text);
        var spec = parser.ParseSchema(namespaceOverride, cancellationToken);
        var diagnostics = parser._diagnostics.ToEquatableArray();
        return new SchemaParseResult(diagnostics.Count == 0 ? spec : null, diagnostics);
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

        // A JSON Schema document (such as the schema language's own) is not a CallRules schema: leave it alone.
        if (rootObject.Properties.FirstOrDefault(p => p.Name == "$schema")?.Value is JsonStringNode metaSchema
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
                case "$schema":
                    ExpectString(property);
                    break;
                case "name":
                    typeName = ExpectString(property);
                    if (typeName is not null && !Naming.IsValidIdentifier(typeName, out var reason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The type name", typeName, reason);
                        typeName = null;
                    }
                    break;
                case "namespace":
                    ns = ExpectString(property);
                    if (ns is not null && !Naming.IsValidNamespace(ns, out var nsReason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The namespace", ns, nsReason);
                        ns = null;
                    }
                    break;
                case "description":
                    description = ExpectString(property);
                    break;
                case "key":
                    keyNode = Expect<JsonArrayNode>(property, "an array of field names");
                    break;
                case "fields":
                    fieldsNode = Expect<JsonArrayNode>(property, "an array of field objects");
                    break;
                default:
                    Report(DiagnosticDescriptors.UnknownKeyword, property.NameSpan, property.Name, "a schema",
                        Naming.DidYouMean(property.Name, s_topKeywords));
                    break;
            }
        }

        var start = new TextSpan(rootObject.Span.Start, 1);
        if (!seen.Contains("name")) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", "name", "the C# type name of one definition, e.g. \"Connection\"");
        if (!seen.Contains("namespace") && namespaceOverride is null) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", "namespace", "the C# namespace of the generated types, e.g. \"MyCompany.Connections\"");
        if (!seen.Contains("key")) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", "key", "the names of the fields that identify one definition");
        if (!seen.Contains("fields")) Report(DiagnosticDescriptors.MissingKeyword, start, "The schema", "fields", "an array of field objects");
        if (namespaceOverride is not null && !Naming.IsValidNamespace(namespaceOverride, out var overrideReason))
            Report(DiagnosticDescriptors.InvalidIdentifier, start, "The namespace set in the project (CallRulesNamespace)", namespaceOverride, overrideReason);
        else if (namespaceOverride is not null)
            ns = namespaceOverride;

        var fields = new List<RawField>();
        if (fieldsNode is not null)
        {
            if (fieldsNode.Items.Count == 0)
                Report(DiagnosticDescriptors.EmptyArray, fieldsNode.Span, "fields", "field object");
            foreach (var item in fieldsNode.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item is JsonObjectNode fieldObject)
                    fields.Add(ReadField(fieldObject, fields.Count));
                else
                    Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, "fields", "an array of field objects", "an array with " + item.KindName + " in it");
            }
        }

        CheckNames(fields, typeName);
        ResolveDefaultFrom(fields);
        var enums = BuildEnums(fields, typeName);
        var key = ReadKey(keyNode, fields);

        if (_diagnostics.Count > 0 || typeName is null || ns is null)
            return null;

        var specs = fields.Select(f => f.ToSpec()).ToEquatableArray();
        return new SchemaSpec(FileName(_path), typeName, ns, description, key.ToEquatableArray(), specs, enums.ToEquatableArray());
    }

    private RawField ReadField(JsonObjectNode node, int index)
    {
        var field = new RawField(index, node);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            if (!seen.Add(property.Name))
            {
                Report(DiagnosticDescriptors.DuplicateKeyword, property.NameSpan, property.Name, "a field");
                continue;
            }
            switch (property.Name)
            {
                case "name":
                    field.Name = ExpectString(property);
                    field.NameSpan = property.Value.Span;
                    if (field.Name is not null && !Naming.IsValidWireName(field.Name))
                    {
                        Report(DiagnosticDescriptors.InvalidWireName, property.Value.Span, field.Name);
                        field.Name = null;
                    }
                    break;
                case "property":
                    field.Property = ExpectString(property);
                    field.PropertySpan = property.Value.Span;
                    if (field.Property is not null && !Naming.IsValidIdentifier(field.Property, out var reason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The property name", field.Property, reason);
                        field.Property = null;
                        field.HasError = true;
                    }
                    break;
                case "type":
                    var type = ExpectString(property);
                    field.TypeSpan = property.Value.Span;
                    if (type is null) break;
                    var typeIndex = Array.IndexOf(s_types, type);
                    if (typeIndex < 0)
                        Report(DiagnosticDescriptors.UnknownType, property.Value.Span, field.DisplayNameBare, type, Naming.DidYouMean(type, s_types));
                    else
                        field.Type = (FieldType)typeIndex;
                    break;
                case "required":
                    field.Required = ExpectBool(property);
                    break;
                case "secret":
                    field.Secret = ExpectBool(property);
                    break;
                case "description":
                    field.Description = ExpectString(property);
                    break;
                case "unsupported":
                    field.Unsupported = ExpectString(property);
                    break;
                case "values":
                    field.ValuesProperty = property;
                    break;
                case "enumType":
                    field.EnumType = ExpectString(property);
                    field.EnumTypeSpan = property.Value.Span;
                    if (field.EnumType is not null && !Naming.IsValidIdentifier(field.EnumType, out var enumReason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The enum type name", field.EnumType, enumReason);
                        field.EnumType = null;
                        field.HasError = true;
                    }
                    break;
                case "default":
                    field.DefaultProperty = property;
                    break;
                case "defaultFrom":
                    field.DefaultFromName = ExpectString(property);
                    field.DefaultFromSpan = property.Value.Span;
                    break;
                case "map":
                    field.MapProperty = property;
                    break;
                case "callRule":
                    field.CallRule = ExpectString(property);
                    field.CallRuleSpan = property.Value.Span;
                    if (field.CallRule is not null && !Naming.IsValidCallRuleKey(field.CallRule))
                    {
                        Report(DiagnosticDescriptors.InvalidCallRuleKey, property.Value.Span, field.CallRule, field.DisplayNameBare);
                        field.CallRule = null;
                    }
                    break;
                case "maxLength":
                    field.MaxLength = ExpectLength(property);
                    field.Limits.Add(property);
                    break;
                case "minLength":
                    field.MinLength = ExpectLength(property);
                    field.Limits.Add(property);
                    break;
                case "minimum":
                    field.Minimum = ExpectInteger(property);
                    field.Limits.Add(property);
                    break;
                case "maximum":
                    field.Maximum = ExpectInteger(property);
                    field.Limits.Add(property);
                    break;
                case "pattern":
                    field.Pattern = ExpectString(property);
                    field.Limits.Add(property);
                    if (field.Pattern is not null)
                    {
                        try
                        {
                            // Check the pattern as written first: an error in the anchored form speaks of text and
                            // offsets the user never wrote ("[a-z" would be "Unrecognized escape sequence \z").
                            // Regex's static methods keep the built expressions in its own cache, so a warm run does not
                            // build the non-backtracking automaton of every pattern again.
                            _ = Regex.IsMatch("", field.Pattern, SchemaPatterns.Options);
                            _ = SchemaPatterns.IsMatch("", field.Pattern);
                            field.PatternChecked = true;
                        }
                        catch (Exception e) when (e is ArgumentException or NotSupportedException)
                        {
                            // NotSupportedException: a construct that needs backtracking (backreference, lookaround).
                            Report(DiagnosticDescriptors.InvalidPattern, property.Value.Span, field.DisplayNameBare, e.Message);
                            field.Pattern = null;
                        }
                    }
                    break;
                case "format":
                    field.Format = ExpectString(property);
                    field.Limits.Add(property);
                    if (field.Format is not null && !ValueFormats.IsKnown(field.Format))
                    {
                        Report(DiagnosticDescriptors.UnknownFormat, property.Value.Span, field.DisplayNameBare, field.Format, Naming.DidYouMean(field.Format, ValueFormats.Names));
                        field.Format = null;
                    }
                    break;
                case "examples":
                    if (Expect<JsonArrayNode>(property, "an array of example values") is { } examples)
                    {
                        foreach (var example in examples.Items)
                        {
                            if (example is JsonStringNode s) field.Examples.Add(s.Value);
                            else if (example is JsonNumberNode n) field.Examples.Add(n.Text);
                            else Report(DiagnosticDescriptors.WrongKeywordValue, example.Span, "examples", "an array of strings or numbers", "an array with " + example.KindName + " in it");
                        }
                    }
                    break;
                default:
                    Report(DiagnosticDescriptors.UnknownKeyword, property.NameSpan, property.Name, "a field", Naming.DidYouMean(property.Name, s_fieldKeywords));
                    break;
            }
        }

        var start = new TextSpan(node.Span.Start, 1);
        if (!seen.Contains("name"))
            Report(DiagnosticDescriptors.MissingKeyword, start, "A field", "name", "its wire name, the JSON property name in definition files");
        if (!seen.Contains("type"))
            Report(DiagnosticDescriptors.MissingKeyword, start, field.DisplayNameCapital, "type", "one of string, integer, enum, object");

        if (field.Unsupported is not null && field.Required)
            Report(DiagnosticDescriptors.UnsupportedRequired, node.Properties.First(p => p.Name == "required").Value.Span, field.DisplayNameBare);

        CheckTypeSpecificKeywords(field);
        return field;
    }

    private void CheckTypeSpecificKeywords(RawField field)
    {
        if (field.Type is not { } type) return;
        foreach (var limit in field.Limits)
        {
            var applies = limit.Name switch
            {
                "maxLength" or "minLength" or "pattern" or "format" => type == FieldType.String,
                "minimum" or "maximum" => type == FieldType.Integer,
                _ => true,
            };
            if (!applies)
                Report(DiagnosticDescriptors.KeywordNotForType, limit.NameSpan, limit.Name, field.DisplayNameBare, TypeName(type),
                    limit.Name is "minimum" or "maximum" ? "it applies to integer fields" : "it applies to string fields");
        }

        if (field.MinLength is { } minLength && field.MaxLength is { } maxLength && minLength > maxLength)
            Report(DiagnosticDescriptors.InvalidRange, field.Limits.First(l => l.Name == "minLength").Value.Span, field.DisplayNameBare,
                "minLength", Int(minLength), "maxLength", Int(maxLength));
        if (field.Minimum is { } minimum && field.Maximum is { } maximum && minimum > maximum)
            Report(DiagnosticDescriptors.InvalidRange, field.Limits.First(l => l.Name == "minimum").Value.Span, field.DisplayNameBare,
                "minimum", Int(minimum), "maximum", Int(maximum));

        if (type == FieldType.Enum)
        {
            if (field.ValuesProperty is null)
                Report(DiagnosticDescriptors.MissingKeyword, new TextSpan(field.Node.Span.Start, 1), field.DisplayNameCapital, "values", "the allowed values of an enum field");
            else
                ReadValues(field, field.ValuesProperty);
            if (field.MapProperty is not null)
                ReadMap(field, field.MapProperty);
        }
        else
        {
            if (field.ValuesProperty is not null)
                Report(DiagnosticDescriptors.KeywordNotForType, field.ValuesProperty.NameSpan, "values", field.DisplayNameBare, TypeName(type), "use type enum for a field with a fixed list of values");
            if (field.MapProperty is not null)
                Report(DiagnosticDescriptors.KeywordNotForType, field.MapProperty.NameSpan, "map", field.DisplayNameBare, TypeName(type), "only enum fields map their values");
            if (field.EnumType is not null)
                Report(DiagnosticDescriptors.KeywordNotForType, field.EnumTypeSpan, "enumType", field.DisplayNameBare, TypeName(type), "only enum fields have an enum type");
        }

        if (type == FieldType.Object && field.CallRule is not null)
            Report(DiagnosticDescriptors.KeywordNotForType, field.CallRuleSpan, "callRule", field.DisplayNameBare, TypeName(type), "an object cannot be written to a call-rule line");

        if (field.DefaultProperty is { } defaultProperty)
        {
            if (field.DefaultFromName is not null)
                Report(DiagnosticDescriptors.InvalidDefault, defaultProperty.NameSpan, field.DisplayNameBare, "a field has either 'default' or 'defaultFrom', not both");
            else
                ReadDefault(field, defaultProperty, type);
        }
    }

    private void ReadValues(RawField field, JsonProperty property)
    {
        if (property.Value is not JsonArrayNode array)
        {
            Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, "values", "an array of strings or { \"value\", \"description\" } objects", property.Value.KindName);
            return;
        }
        if (array.Items.Count == 0)
            Report(DiagnosticDescriptors.EnumValuesInvalid, array.Span, field.DisplayNameBare, "an enum needs at least one value");

        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            string? value = null;
            string? description = null;
            if (item is JsonStringNode s)
            {
                value = s.Value;
            }
            else if (item is JsonObjectNode o)
            {
                foreach (var p in o.Properties)
                {
                    if (p.Name == "value") value = ExpectString(p);
                    else if (p.Name == "description") description = ExpectString(p);
                    else Report(DiagnosticDescriptors.UnknownKeyword, p.NameSpan, p.Name, "an enum value", Naming.DidYouMean(p.Name, new[] { "value", "description" }));
                }
                if (value is null && !o.Properties.Any(p => p.Name == "value"))
                    Report(DiagnosticDescriptors.MissingKeyword, new TextSpan(o.Span.Start, 1), "An enum value", "value", "the value as written in definition files");
            }
            else
            {
                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, "values", "an array of strings or { \"value\", \"description\" } objects", "an array with " + item.KindName + " in it");
            }
            if (value is null) continue;

            if (value.Length == 0 || HasLineBreakingCharacter(value))
            {
                Report(DiagnosticDescriptors.EnumValuesInvalid, item.Span, field.DisplayNameBare, "a value must be a non-empty string without control characters");
                continue;
            }
            var identifier = Naming.ToMemberName(value);
            if (field.Values.Any(v => v.Wire == value))
            {
                Report(DiagnosticDescriptors.EnumValuesInvalid, item.Span, field.DisplayNameBare, $"'{value}' is listed twice");
                continue;
            }
            if (identifier.Length == 0)
            {
                Report(DiagnosticDescriptors.EnumValuesInvalid, item.Span, field.DisplayNameBare, $"'{value}' has no letters or digits to name a C# enum member after");
                continue;
            }
            if (identifiers.TryGetValue(identifier, out var other))
            {
                Report(DiagnosticDescriptors.EnumValuesInvalid, item.Span, field.DisplayNameBare, $"'{value}' and '{other}' both become the C# enum member '{identifier}'");
                continue;
            }
            identifiers.Add(identifier, value);
            field.Values.Add(new RawValue(value, identifier, description));
        }
    }

    private void ReadMap(RawField field, JsonProperty property)
    {
        if (property.Value is not JsonObjectNode map)
        {
            Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, "map", "an object from each value to the value the call rules get", property.Value.KindName);
            return;
        }
        var allowed = field.Values.Select(v => v.Wire).ToList();
        foreach (var entry in map.Properties)
        {
            var target = ExpectString(entry);
            if (!allowed.Contains(entry.Name))
            {
                Report(DiagnosticDescriptors.MapUnknownValue, entry.NameSpan, field.DisplayNameBare, entry.Name,
                    string.Join(", ", allowed), Naming.DidYouMean(entry.Name, allowed));
                continue;
            }
            if (target is null) continue;
            if (HasLineBreakingCharacter(target))
            {
                Report(DiagnosticDescriptors.InvalidMapTarget, entry.Value.Span, field.DisplayNameBare, entry.Name);
                continue;
            }
            field.Map[entry.Name] = target;
        }
        foreach (var value in allowed)
        {
            if (!map.Properties.Any(p => p.Name == value))
                Report(DiagnosticDescriptors.MapMissingValue, property.NameSpan, field.DisplayNameBare, value);
        }
    }

    private void ReadDefault(RawField field, JsonProperty property, FieldType type)
    {
        var node = property.Value;
        switch (type)
        {
            case FieldType.Integer:
                if (node is not JsonNumberNode number || !long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare, $"an integer field needs a whole number as default, not {node.KindName}");
                    return;
                }
                if ((field.Minimum is { } min && value < min) || (field.Maximum is { } max && value > max))
                {
                    Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare, $"{value} is outside the field's range ({RangeText(field)})");
                    return;
                }
                field.Default = value.ToString(CultureInfo.InvariantCulture);
                return;
            case FieldType.Enum:
                if (node is not JsonStringNode enumText)
                {
                    Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare, $"an enum field needs one of its values as default, not {node.KindName}");
                    return;
                }
                if (field.Values.Count > 0 && !field.Values.Any(v => v.Wire == enumText.Value))
                {
                    var allowed = field.Values.Select(v => v.Wire).ToList();
                    Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare,
                        $"'{enumText.Value}' is not one of its values ({string.Join(", ", allowed)}){Naming.DidYouMean(enumText.Value, allowed)}");
                    return;
                }
                field.Default = enumText.Value;
                return;
            case FieldType.String:
                if (node is not JsonStringNode text)
                {
                    Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare, $"a string field needs a string as default, not {node.KindName}");
                    return;
                }
                var problem = StringProblem(field, text.Value);
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare, problem);
                    return;
                }
                field.Default = text.Value;
                return;
            default:
                Report(DiagnosticDescriptors.InvalidDefault, node.Span, field.DisplayNameBare, "an object field cannot have a default");
                return;
        }
    }

    private static string? StringProblem(RawField field, string value)
    {
        if (HasLineBreakingCharacter(value))
            return "it holds a control character or line break, which cannot be written to a call-rule line";
        // Lengths count code points, as generated validators and JSON Schema do.
        var length = TextLength.Of(value);
        if (field.MaxLength is { } max && length > max)
            return $"it is {length} characters long; the maximum is {max}";
        if (field.MinLength is { } min && length < min)
            return $"it is {length} characters long; the minimum is {min}";
        if (field.PatternChecked && !SchemaPatterns.IsMatch(value, field.Pattern!))
            return $"'{value}' does not match the pattern {field.Pattern}";
        if (field.Format is { } format && !ValueFormats.IsValid(format, value))
            return $"'{value}' is not in the format {format}: expected {ValueFormats.Describe(format)}";
        return null;
    }

    private void CheckNames(List<RawField> fields, string? typeName)
    {
        var byName = new Dictionary<string, RawField>(StringComparer.Ordinal);
        var byProperty = new Dictionary<string, RawField>(StringComparer.Ordinal);
        var byCallRule = new Dictionary<string, RawField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field.Name is null) continue;
            if (byName.TryGetValue(field.Name, out var first))
            {
                Report(DiagnosticDescriptors.DuplicateFieldName, field.NameSpan, field.Name, Line(first.NameSpan).ToString(CultureInfo.InvariantCulture));
                field.HasError = true;
                continue;
            }
            byName.Add(field.Name, field);

            var property = field.EffectiveProperty;
            var propertySpan = field.Property is not null ? field.PropertySpan : field.NameSpan;
            if (property is not null)
            {
                if (byProperty.TryGetValue(property, out var clash))
                    Report(DiagnosticDescriptors.DuplicateProperty, propertySpan, clash.Name!, field.Name, property);
                else if (Array.IndexOf(GeneratedNames.Members, property) >= 0 || property == typeName)
                    Report(DiagnosticDescriptors.NameCollision, propertySpan, field.Name, property, typeName!);
                else
                    byProperty.Add(property, field);
            }

            if (field.CallRule is not null)
            {
                if (byCallRule.TryGetValue(field.CallRule, out var sameKey))
                    Report(DiagnosticDescriptors.DuplicateCallRule, field.CallRuleSpan, sameKey.Name!, field.Name, field.CallRule);
                else
                    byCallRule.Add(field.CallRule, field);
            }
        }
    }

    private void ResolveDefaultFrom(List<RawField> fields)
    {
        var byName = new Dictionary<string, RawField>(StringComparer.Ordinal);
        foreach (var field in fields)
            if (field.Name is not null && !byName.ContainsKey(field.Name))
                byName.Add(field.Name, field);

        foreach (var field in fields)
        {
            if (field.DefaultFromName is null) continue;
            if (!byName.TryGetValue(field.DefaultFromName, out var source))
            {
                Report(DiagnosticDescriptors.UnknownDefaultFrom, field.DefaultFromSpan, field.DisplayNameBare, field.DefaultFromName,
                    Naming.DidYouMean(field.DefaultFromName, byName.Keys));
                continue;
            }
            if (source.Type != field.Type || (field.Type == FieldType.Enum && source.EffectiveEnumType != field.EffectiveEnumType))
            {
                Report(DiagnosticDescriptors.DefaultFromTypeMismatch, field.DefaultFromSpan, field.DisplayNameBare,
                    DescribeType(field), source.Name!, DescribeType(source));
                continue;
            }
            field.DefaultFrom = source;
        }

        // Follow each chain; a chain that comes back to a field it has visited is a cycle. Report it once.
        var reported = new HashSet<RawField>();
        foreach (var field in fields)
        {
            var chain = new List<RawField>();
            for (var current = field; current is not null; current = current.DefaultFrom)
            {
                var at = chain.IndexOf(current);
                if (at >= 0)
                {
                    var cycle = chain.Skip(at).ToList();
                    if (cycle.Any(reported.Contains)) break;
                    foreach (var member in cycle) reported.Add(member);
                    var names = string.Join(" → ", cycle.Concat(new[] { current }).Select(f => $"'{f.Name}'"));
                    Report(DiagnosticDescriptors.DefaultFromCycle, cycle[0].DefaultFromSpan, names);
                    foreach (var member in cycle) member.DefaultFrom = null;
                    break;
                }
                chain.Add(current);
            }
        }
    }

    private List<EnumSpec> BuildEnums(List<RawField> fields, string? typeName)
    {
        var enums = new List<EnumSpec>();
        var owners = new Dictionary<string, RawField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field.Type != FieldType.Enum || field.Values.Count == 0 || field.EffectiveEnumType is not { } enumType) continue;
            var members = field.Values
                .Select(v => new EnumMemberSpec(v.Wire, v.Identifier, v.Description, field.Map.TryGetValue(v.Wire, out var mapped) ? mapped : v.Wire))
                .ToEquatableArray();
            var spec = new EnumSpec(enumType, members);
            var span = field.EnumType is not null ? field.EnumTypeSpan : field.NameSpan;
            if (enumType == typeName)
            {
                Report(DiagnosticDescriptors.EnumTypeCollision, span, field.Name!, enumType);
                continue;
            }
            if (owners.TryGetValue(enumType, out var owner))
            {
                var existing = enums.First(e => e.TypeName == enumType);
                if (!existing.Equals(spec))
                    Report(DiagnosticDescriptors.SharedEnumMismatch, span, field.Name!, enumType, owner.Name!);
                continue;
            }
            owners.Add(enumType, field);
            enums.Add(spec);
        }
        return enums;
    }

    private List<int> ReadKey(JsonArrayNode? keyNode, List<RawField> fields)
    {
        var key = new List<int>();
        if (keyNode is null) return key;
        if (keyNode.Items.Count == 0)
            Report(DiagnosticDescriptors.EmptyArray, keyNode.Span, "key", "field name");
        var names = fields.Where(f => f.Name is not null).Select(f => f.Name!).ToList();
        foreach (var item in keyNode.Items)
        {
            if (item is not JsonStringNode name)
            {
                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, "key", "an array of field names", "an array with " + item.KindName + " in it");
                continue;
            }
            var field = fields.FirstOrDefault(f => f.Name == name.Value);
            if (field is null)
            {
                Report(DiagnosticDescriptors.UnknownKeyField, item.Span, name.Value, Naming.DidYouMean(name.Value, names));
                continue;
            }
            if (field.Type is null)
                continue; // its type is already reported
            if (field.Type != FieldType.String || !field.Required)
            {
                Report(DiagnosticDescriptors.InvalidKeyField, item.Span, name.Value,
                    field.Type != FieldType.String ? (field.Type is { } keyType ? $"of type {TypeName(keyType)}" : "of unknown type") : "not required");
                continue;
            }
            if (key.Contains(field.Index))
            {
                Report(DiagnosticDescriptors.DuplicateKeyField, item.Span, name.Value);
                continue;
            }
            key.Add(field.Index);
        }
        return key;
    }

    // ---- keyword value readers ----

    private string? ExpectString(JsonProperty property)
    {
        if (property.Value is JsonStringNode s) return s.Value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "a string", property.Value.KindName);
        return null;
    }

    private bool ExpectBool(JsonProperty property)
    {
        if (property.Value is JsonBoolNode b) return b.Value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "true or false", property.Value.KindName);
        return false;
    }

    private long? ExpectInteger(JsonProperty property)
    {
        if (property.Value is JsonNumberNode n && long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "a whole number", property.Value is JsonNumberNode ? "a fraction or too large" : property.Value.KindName);
        return null;
    }

    private int? ExpectLength(JsonProperty property)
    {
        if (property.Value is JsonNumberNode n && int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "a non-negative whole number", property.Value is JsonNumberNode ? "negative, a fraction or too large" : property.Value.KindName);
        return null;
    }

    private T? Expect<T>(JsonProperty property, string expected) where T : JsonNode
    {
        if (property.Value is T value) return value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, expected, property.Value.KindName);
        return null;
    }

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, params string[] arguments)
    {
        var clamped = TextSpan.FromBounds(Math.Min(span.Start, _text.Length), Math.Min(span.End, _text.Length));
        var location = new LocationInfo(_path, clamped, _text.Lines.GetLinePositionSpan(clamped));
        _diagnostics.Add(new DiagnosticInfo(descriptor, location, arguments.ToEquatableArray()));
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private int Line(TextSpan span) => _text.Lines.GetLinePosition(span.Start).Line + 1;

    private static bool HasLineBreakingCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029') return true;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }

    private static string TypeName(FieldType type) => s_types[(int)type];

    private static string DescribeType(RawField field) =>
        field.Type is { } type
            ? type switch
            {
                FieldType.Enum => $"an enum of type {field.EffectiveEnumType}",
                FieldType.Integer or FieldType.Object => $"an {TypeName(type)}",
                _ => $"a {TypeName(type)}",
            }
            : "of unknown type";

    private static string RangeText(RawField field) =>
        (field.Minimum, field.Maximum) switch
        {
            ({ } min, { } max) => $"{min} to {max}",
            ({ } min, null) => $"at least {min}",
            (null, { } max) => $"at most {max}",
            _ => "any",
        };

    private static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }
}
