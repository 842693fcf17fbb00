using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Planning;

/// <summary>
/// Compiles one definition with a schema read at run time (an earlier version, such as the shipped baseline), for
/// which no code was generated: the schema's data drives what generated code does for it, reading each field's value,
/// applying <c>default</c>, <c>defaultFrom</c> and <c>map</c>, and writing the call-rule lines in schema order under
/// the section named by the key. Values of the wrong type, enum values the schema does not allow and unknown fields
/// are errors; limits, patterns and formats are not checked again (the definitions compiled with that schema before).
/// </summary>
/// <remarks>
/// A property is read as the baseline field it names, as one of that field's earlier names, or, for definitions
/// already migrated, as the current schema's name of a baseline field (the current field's <c>renamedFrom</c>).
/// </remarks>
internal sealed class BaselineDefinitionReader
{
    private readonly DefinitionSchema _baseline;
    private readonly Dictionary<string, int> _fieldByName = new(StringComparer.Ordinal);

    public BaselineDefinitionReader(DefinitionSchema baseline, DefinitionSchema current)
    {
        _baseline = baseline;
        for (var i = 0; i < baseline.Fields.Count; i++)
        {
            _fieldByName.TryAdd(baseline.Fields[i].Name, i);
            foreach (var earlier in baseline.Fields[i].RenamedFrom) _fieldByName.TryAdd(earlier, i);
        }
        foreach (var field in current.Fields)
            foreach (var earlier in field.RenamedFrom)
                if (baseline.Find(earlier) is { } old) _fieldByName.TryAdd(field.Name, baseline.IndexOf(old));
    }

    /// <summary>The definition's call-rule section under the baseline, or null with errors added.</summary>
    public CallRuleSection? Compile(ReadOnlyMemory<byte> json, string file, SourcePosition at, string path, ICollection<DefinitionError> errors)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var values = new string?[_baseline.Fields.Count];
        var failed = false;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == JsonReadContext.SchemaProperty) continue;
            if (!_fieldByName.TryGetValue(property.Name, out var index))
            {
                Fail($"'{property.Name}' is not a field of the baseline schema {_baseline.SchemaFile}.", property.Name, ErrorCodes.UnknownField);
                continue;
            }
            var field = _baseline.Fields[index];
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null) continue;
            switch (field.Kind)
            {
                case FieldKind.Integer:
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
                        values[index] = number.ToString(CultureInfo.InvariantCulture);
                    else if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
                        values[index] = number.ToString(CultureInfo.InvariantCulture);
                    else
                        Fail($"'{field.Name}' must be a whole number in the baseline schema.", field.Name, ErrorCodes.WrongType);
                    break;
                case FieldKind.Object:
                    if (value.ValueKind == JsonValueKind.Object) values[index] = value.GetRawText();
                    else Fail($"'{field.Name}' must be an object in the baseline schema.", field.Name, ErrorCodes.WrongType);
                    break;
                default:
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        Fail($"'{field.Name}' must be a string in the baseline schema.", field.Name, ErrorCodes.WrongType);
                        break;
                    }
                    var text = value.GetString()!;
                    if (field.Kind == FieldKind.Enum && !field.Values.Contains(text))
                        Fail($"'{field.Name}' is not one of the values the baseline schema allows ({string.Join(", ", field.Values)}).", field.Name, ErrorCodes.NotAllowed);
                    else
                        values[index] = text;
                    break;
            }
        }
        var keyValues = new List<string>(_baseline.Key.Count);
        foreach (var keyName in _baseline.Key)
        {
            var keyField = _baseline.Find(keyName);
            var keyValue = keyField is null ? null : values[_baseline.IndexOf(keyField)];
            if (string.IsNullOrEmpty(keyValue))
                Fail($"'{keyName}' is required by the baseline schema: it names the call-rule section.", keyName, ErrorCodes.MissingRequired);
            keyValues.Add(keyValue ?? "");
        }
        if (failed) return null;

        var rules = new List<CallRule>();
        for (var i = 0; i < _baseline.Fields.Count; i++)
        {
            var field = _baseline.Fields[i];
            if (field.CallRule is null) continue;
            var value = values[i] ?? field.Default;
            if (value is null && field.DefaultFrom is not null && _baseline.Find(field.DefaultFrom) is { } source)
                value = values[_baseline.IndexOf(source)];
            if (value is null) continue;
            if (field.Map.TryGetValue(value, out var mapped)) value = mapped;
            rules.Add(new CallRule(field.CallRule, value));
        }
        return new CallRuleSection(string.Join(DefinitionKey.Separator, keyValues), rules);

        void Fail(string message, string field, string code)
        {
            failed = true;
            errors.Add(new DefinitionError(code, message, field, JsonPaths.Property(path, field), file, at));
        }
    }
}
