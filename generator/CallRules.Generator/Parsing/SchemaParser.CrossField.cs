using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Parsing;

/// <summary>What fields say about each other: unique names, properties and call-rule keys; defaults taken from other fields.</summary>
internal sealed partial class SchemaParser
{
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

    private static string DescribeType(RawField field) =>
        field.Type is { } type
            ? type switch
            {
                FieldType.Enum => $"an enum of type {field.EffectiveEnumType}",
                FieldType.Integer or FieldType.Object => $"an {TypeName(type)}",
                _ => $"a {TypeName(type)}",
            }
            : "of unknown type";
}
