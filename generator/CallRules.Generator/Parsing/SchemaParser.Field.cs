using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CallRules.Generator.Common;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>A field object: its keywords, and which apply to its type.</summary>
internal sealed partial class SchemaParser
{
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
                case SchemaKeywords.Name:
                    field.Name = ExpectString(property);
                    field.NameSpan = property.Value.Span;
                    if (field.Name is not null && !Naming.IsValidWireName(field.Name))
                    {
                        Report(DiagnosticDescriptors.InvalidWireName, property.Value.Span, field.Name);
                        field.Name = null;
                    }
                    break;
                case SchemaKeywords.Property:
                    field.Property = ExpectString(property);
                    field.PropertySpan = property.Value.Span;
                    if (field.Property is not null && !Naming.IsValidIdentifier(field.Property, out var reason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The property name", field.Property, reason);
                        field.Property = null;
                        field.HasError = true;
                    }
                    break;
                case SchemaKeywords.Type:
                    var type = ExpectString(property);
                    field.TypeSpan = property.Value.Span;
                    if (type is null) break;
                    var typeIndex = Array.IndexOf(SchemaKeywords.Types, type);
                    if (typeIndex < 0)
                        Report(DiagnosticDescriptors.UnknownType, property.Value.Span, field.DisplayNameBare, type, Naming.DidYouMean(type, SchemaKeywords.Types));
                    else
                        field.Type = (FieldType)typeIndex;
                    break;
                case SchemaKeywords.Required:
                    field.Required = ExpectBool(property);
                    break;
                case SchemaKeywords.Secret:
                    field.Secret = ExpectBool(property);
                    break;
                case SchemaKeywords.Description:
                    field.Description = ExpectString(property);
                    break;
                case SchemaKeywords.Unsupported:
                    field.Unsupported = ExpectString(property);
                    break;
                case SchemaKeywords.Values:
                    field.ValuesProperty = property;
                    break;
                case SchemaKeywords.EnumType:
                    field.EnumType = ExpectString(property);
                    field.EnumTypeSpan = property.Value.Span;
                    if (field.EnumType is not null && !Naming.IsValidIdentifier(field.EnumType, out var enumReason))
                    {
                        Report(DiagnosticDescriptors.InvalidIdentifier, property.Value.Span, "The enum type name", field.EnumType, enumReason);
                        field.EnumType = null;
                        field.HasError = true;
                    }
                    break;
                case SchemaKeywords.Default:
                    field.DefaultProperty = property;
                    break;
                case SchemaKeywords.DefaultFrom:
                    field.DefaultFromName = ExpectString(property);
                    field.DefaultFromSpan = property.Value.Span;
                    break;
                case SchemaKeywords.Map:
                    field.MapProperty = property;
                    break;
                case SchemaKeywords.CallRule:
                    field.CallRule = ExpectString(property);
                    field.CallRuleSpan = property.Value.Span;
                    if (field.CallRule is not null && !Naming.IsValidCallRuleKey(field.CallRule))
                    {
                        Report(DiagnosticDescriptors.InvalidCallRuleKey, property.Value.Span, field.CallRule, field.DisplayNameBare);
                        field.CallRule = null;
                    }
                    break;
                case SchemaKeywords.MaxLength:
                    field.MaxLength = ExpectLength(property);
                    field.Limits.Add(property);
                    break;
                case SchemaKeywords.MinLength:
                    field.MinLength = ExpectLength(property);
                    field.Limits.Add(property);
                    break;
                case SchemaKeywords.Minimum:
                    field.Minimum = ExpectInteger(property);
                    field.Limits.Add(property);
                    break;
                case SchemaKeywords.Maximum:
                    field.Maximum = ExpectInteger(property);
                    field.Limits.Add(property);
                    break;
                case SchemaKeywords.Pattern:
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
                case SchemaKeywords.Format:
                    field.Format = ExpectString(property);
                    field.Limits.Add(property);
                    if (field.Format is not null && !ValueFormats.IsKnown(field.Format))
                    {
                        Report(DiagnosticDescriptors.UnknownFormat, property.Value.Span, field.DisplayNameBare, field.Format, Naming.DidYouMean(field.Format, ValueFormats.Names));
                        field.Format = null;
                    }
                    break;
                case SchemaKeywords.Examples:
                    if (Expect<JsonArrayNode>(property, "an array of example values") is { } examples)
                    {
                        foreach (var example in examples.Items)
                        {
                            if (example is JsonStringNode s) field.Examples.Add(s.Value);
                            else if (example is JsonNumberNode n) field.Examples.Add(n.Text);
                            else Report(DiagnosticDescriptors.WrongKeywordValue, example.Span, SchemaKeywords.Examples, "an array of strings or numbers", "an array with " + example.KindName + " in it");
                        }
                    }
                    break;
                case SchemaKeywords.Deprecated:
                    field.Deprecated = ExpectSentence(property, "a sentence that says what to use instead");
                    break;
                case SchemaKeywords.RenamedFrom:
                    if (Expect<JsonArrayNode>(property, "an array of earlier wire names") is { } earlierNames)
                    {
                        if (earlierNames.Items.Count == 0)
                            Report(DiagnosticDescriptors.EmptyArray, earlierNames.Span, SchemaKeywords.RenamedFrom, "earlier wire name");
                        foreach (var item in earlierNames.Items)
                        {
                            if (item is not JsonStringNode earlier)
                                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, SchemaKeywords.RenamedFrom, "an array of earlier wire names", "an array with " + item.KindName + " in it");
                            else if (!Naming.IsValidWireName(earlier.Value))
                                Report(DiagnosticDescriptors.InvalidWireName, item.Span, earlier.Value);
                            else
                                field.RenamedFrom.Add((earlier.Value, item.Span));
                        }
                    }
                    break;
                default:
                    Report(DiagnosticDescriptors.UnknownKeyword, property.NameSpan, property.Name, "a field", Naming.DidYouMean(property.Name, SchemaKeywords.OfField));
                    break;
            }
        }

        var start = new TextSpan(node.Span.Start, 1);
        if (!seen.Contains(SchemaKeywords.Name))
            Report(DiagnosticDescriptors.MissingKeyword, start, "A field", SchemaKeywords.Name, "its wire name, the JSON property name in definition files");
        if (!seen.Contains(SchemaKeywords.Type))
            Report(DiagnosticDescriptors.MissingKeyword, start, field.DisplayNameCapital, SchemaKeywords.Type, "one of string, integer, enum, object");

        if (field.Unsupported is not null && field.Required)
            Report(DiagnosticDescriptors.UnsupportedRequired, node.Properties.First(p => p.Name == SchemaKeywords.Required).Value.Span, field.DisplayNameBare);
        if (field.Deprecated is not null && field.Required)
            Report(DiagnosticDescriptors.DeprecatedRequired, node.Properties.First(p => p.Name == SchemaKeywords.Required).Value.Span, field.DisplayNameBare);

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
                SchemaKeywords.MaxLength or SchemaKeywords.MinLength or SchemaKeywords.Pattern or SchemaKeywords.Format => type == FieldType.String,
                SchemaKeywords.Minimum or SchemaKeywords.Maximum => type == FieldType.Integer,
                _ => true,
            };
            if (!applies)
                Report(DiagnosticDescriptors.KeywordNotForType, limit.NameSpan, limit.Name, field.DisplayNameBare, TypeName(type),
                    limit.Name is SchemaKeywords.Minimum or SchemaKeywords.Maximum ? "it applies to integer fields" : "it applies to string fields");
        }

        if (field.MinLength is { } minLength && field.MaxLength is { } maxLength && minLength > maxLength)
            Report(DiagnosticDescriptors.InvalidRange, field.Limits.First(l => l.Name == SchemaKeywords.MinLength).Value.Span, field.DisplayNameBare,
                SchemaKeywords.MinLength, Int(minLength), SchemaKeywords.MaxLength, Int(maxLength));
        if (field.Minimum is { } minimum && field.Maximum is { } maximum && minimum > maximum)
            Report(DiagnosticDescriptors.InvalidRange, field.Limits.First(l => l.Name == SchemaKeywords.Minimum).Value.Span, field.DisplayNameBare,
                SchemaKeywords.Minimum, Int(minimum), SchemaKeywords.Maximum, Int(maximum));

        if (type == FieldType.Enum)
        {
            if (field.ValuesProperty is null)
                Report(DiagnosticDescriptors.MissingKeyword, new TextSpan(field.Node.Span.Start, 1), field.DisplayNameCapital, SchemaKeywords.Values, "the allowed values of an enum field");
            else
                ReadValues(field, field.ValuesProperty);
            if (field.MapProperty is not null)
                ReadMap(field, field.MapProperty);
        }
        else
        {
            if (field.ValuesProperty is not null)
                Report(DiagnosticDescriptors.KeywordNotForType, field.ValuesProperty.NameSpan, SchemaKeywords.Values, field.DisplayNameBare, TypeName(type), "use type enum for a field with a fixed list of values");
            if (field.MapProperty is not null)
                Report(DiagnosticDescriptors.KeywordNotForType, field.MapProperty.NameSpan, SchemaKeywords.Map, field.DisplayNameBare, TypeName(type), "only enum fields map their values");
            if (field.EnumType is not null)
                Report(DiagnosticDescriptors.KeywordNotForType, field.EnumTypeSpan, SchemaKeywords.EnumType, field.DisplayNameBare, TypeName(type), "only enum fields have an enum type");
        }

        if (type == FieldType.Object && field.CallRule is not null)
            Report(DiagnosticDescriptors.KeywordNotForType, field.CallRuleSpan, SchemaKeywords.CallRule, field.DisplayNameBare, TypeName(type), "an object cannot be written to a call-rule line");

        if (field.DefaultProperty is { } defaultProperty)
        {
            if (field.DefaultFromName is not null)
                Report(DiagnosticDescriptors.InvalidDefault, defaultProperty.NameSpan, field.DisplayNameBare, "a field has either 'default' or 'defaultFrom', not both");
            else
                ReadDefault(field, defaultProperty, type);
        }
    }

    private static string TypeName(FieldType type) => SchemaKeywords.Types[(int)type];
}
