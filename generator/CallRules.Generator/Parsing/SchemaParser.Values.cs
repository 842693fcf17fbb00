using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallRules.Generator.Common;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>What an enum field allows (values, map, the enum types) and what a field defaults to.</summary>
internal sealed partial class SchemaParser
{
    private void ReadValues(RawField field, JsonProperty property)
    {
        if (property.Value is not JsonArrayNode array)
        {
            Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, SchemaKeywords.Values, "an array of strings or { \"" + SchemaKeywords.Value + "\", \"" + SchemaKeywords.Description + "\" } objects", property.Value.KindName);
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
                    if (p.Name == SchemaKeywords.Value) value = ExpectString(p);
                    else if (p.Name == SchemaKeywords.Description) description = ExpectString(p);
                    else Report(DiagnosticDescriptors.UnknownKeyword, p.NameSpan, p.Name, "an enum value", Naming.DidYouMean(p.Name, SchemaKeywords.OfEnumValue));
                }
                if (value is null && !o.Properties.Any(p => p.Name == SchemaKeywords.Value))
                    Report(DiagnosticDescriptors.MissingKeyword, new TextSpan(o.Span.Start, 1), "An enum value", SchemaKeywords.Value, "the value as written in definition files");
            }
            else
            {
                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, SchemaKeywords.Values, "an array of strings or { \"" + SchemaKeywords.Value + "\", \"" + SchemaKeywords.Description + "\" } objects", "an array with " + item.KindName + " in it");
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
            Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, SchemaKeywords.Map, "an object from each value to the value the call rules get", property.Value.KindName);
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

    private static string RangeText(RawField field) =>
        (field.Minimum, field.Maximum) switch
        {
            ({ } min, { } max) => $"{min} to {max}",
            ({ } min, null) => $"at least {min}",
            (null, { } max) => $"at most {max}",
            _ => "any",
        };
}
