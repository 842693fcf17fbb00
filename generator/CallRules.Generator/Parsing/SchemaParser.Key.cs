using System.Collections.Generic;
using System.Linq;
using CallRules.Generator.Common;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Parsing;

/// <summary>The key: the fields whose values name a definition's call-rule section.</summary>
internal sealed partial class SchemaParser
{
    private List<int> ReadKey(JsonArrayNode? keyNode, List<RawField> fields)
    {
        var key = new List<int>();
        if (keyNode is null) return key;
        if (keyNode.Items.Count == 0)
            Report(DiagnosticDescriptors.EmptyArray, keyNode.Span, SchemaKeywords.Key, "field name");
        var names = fields.Where(f => f.Name is not null).Select(f => f.Name!).ToList();
        foreach (var item in keyNode.Items)
        {
            if (item is not JsonStringNode name)
            {
                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, SchemaKeywords.Key, "an array of field names", "an array with " + item.KindName + " in it");
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
}
