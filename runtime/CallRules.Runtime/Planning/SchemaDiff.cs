using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Planning;

/// <summary>One definition whose call rules differ between the two schemas: its section and the lines that change.</summary>
/// <param name="Section">The section's name under the current schema (under the baseline when only that names it).</param>
/// <param name="File">The definition file.</param>
/// <param name="At">Where the definition starts.</param>
/// <param name="Rules">The lines that change, in the current schema's order; secrets' values are here only to be compared.</param>
public sealed record ChangedDefinition(string Section, string File, SourcePosition At, IReadOnlyList<RuleChange> Rules);

/// <summary>
/// The definitions one schema change affects: the field (its current name) and what changed about it, and each
/// definition's lines that change because of it.
/// </summary>
/// <param name="Field">The field's wire name in the current schema (its baseline name when it is gone); null for the key.</param>
/// <param name="CallRule">The call-rule key the lines have (the current one, else the baseline's).</param>
/// <param name="Changes">What changed about the field, for people (<see cref="SchemaContracts.Describe"/>); empty when the schema says nothing that explains it.</param>
/// <param name="Definitions">The definitions whose lines change, in input order.</param>
public sealed record SchemaDiffCause(string? Field, string? CallRule, IReadOnlyList<string> Changes, IReadOnlyList<ChangedDefinition> Definitions);

/// <summary>What <see cref="SchemaDiff{T}.Compare"/> found.</summary>
public sealed class SchemaDiffResult
{
    internal SchemaDiffResult(int definitions, int files, IReadOnlyList<ContractChange> schemaChanges, IReadOnlyList<SchemaDiffCause> causes,
        int changed, IReadOnlyList<DefinitionError> rejected, IReadOnlyList<DefinitionError> rejectedByBaseline, IReadOnlyList<DefinitionError> warnings)
    {
        DefinitionCount = definitions;
        FileCount = files;
        SchemaChanges = schemaChanges;
        Causes = causes;
        ChangedCount = changed;
        Rejected = rejected;
        RejectedByBaseline = rejectedByBaseline;
        Warnings = warnings;
    }

    /// <summary>How many definitions were compared.</summary>
    public int DefinitionCount { get; }
    /// <summary>How many files they came from.</summary>
    public int FileCount { get; }
    /// <summary>Every change of the schema against the baseline (<see cref="SchemaContracts.Compare"/>).</summary>
    public IReadOnlyList<ContractChange> SchemaChanges { get; }
    /// <summary>The changed lines grouped by the schema change that causes them, in the current schema's field order.</summary>
    public IReadOnlyList<SchemaDiffCause> Causes { get; }
    /// <summary>How many definitions compile to other lines (or another section name) under the current schema.</summary>
    public int ChangedCount { get; }
    /// <summary>The errors of definitions the current schema rejects (which the baseline may accept).</summary>
    public IReadOnlyList<DefinitionError> Rejected { get; }
    /// <summary>The errors of definitions the baseline rejects: they were not compared.</summary>
    public IReadOnlyList<DefinitionError> RejectedByBaseline { get; }
    /// <summary>The warnings of the current schema (deprecated fields, earlier names).</summary>
    public IReadOnlyList<DefinitionError> Warnings { get; }
}

/// <summary>
/// The effect of a schema change on real definitions: compiles each definition with an earlier schema (read at run
/// time, such as the shipped baseline) and with <typeparamref name="T"/>'s schema (the generated code, as compile
/// does) and compares the call-rule lines, definition by definition, grouping the changed lines by the schema change
/// behind them: "'media-relay' default changed: 4,812 definitions change".
/// </summary>
public static class SchemaDiff<T> where T : class, IDefinition<T>
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Compares; a file that cannot be read or is not JSON adds an error to <paramref name="errors"/> and is skipped.</summary>
    public static SchemaDiffResult Compare(DefinitionSchema baseline, IReadOnlyList<DefinitionInput> inputs, ICollection<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(errors);
        var current = T.Schema;
        var reader = new BaselineDefinitionReader(baseline, current);
        var schemaChanges = SchemaContracts.Compare(SchemaBaseline.ContractOf(baseline), SchemaBaseline.ContractOf(current));
        var newName = NewNames(baseline, schemaChanges);
        var fieldOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var secretKeys = new HashSet<string>(StringComparer.Ordinal);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in baseline.Fields.Where(f => f.CallRule is not null))
        {
            fieldOfKey[field.CallRule!] = newName.GetValueOrDefault(field.Name, field.Name);
            if (field.Secret) secretKeys.Add(field.CallRule!);
        }
        for (var i = 0; i < current.Fields.Count; i++)
        {
            var field = current.Fields[i];
            order[field.Name] = i;
            if (field.CallRule is null) continue;
            fieldOfKey[field.CallRule] = field.Name;
            if (field.Secret) secretKeys.Add(field.CallRule);
        }

        var byField = new Dictionary<string, List<ChangedDefinition>>(StringComparer.Ordinal);
        var keyChanges = new List<ChangedDefinition>();
        var rejected = new List<DefinitionError>();
        var rejectedByBaseline = new List<DefinitionError>();
        var warnings = new List<DefinitionError>();
        int definitions = 0, files = 0, changed = 0;
        foreach (var input in inputs)
        {
            byte[] content;
            try
            {
                using var stream = input.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                content = memory.ToArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new DefinitionError(ErrorCodes.FileUnreadable, $"The file cannot be read: {e.Message}", File: input.Name));
                continue;
            }
            files++;
            var json = content.AsMemory(content.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0);
            List<(ReadOnlyMemory<byte> Json, SourcePosition At, string Path)> found;
            try
            {
                found = Split(json);
            }
            catch (JsonException e)
            {
                errors.Add(new DefinitionError(ErrorCodes.InvalidJson, $"The file is not valid JSON: {JsonReaderLines.Message(e)}", File: input.Name,
                    Position: JsonReaderLines.PositionOf(e, json.Span, JsonReadContext.ReaderOptions)));
                continue;
            }
            foreach (var (definition, at, path) in found)
            {
                definitions++;
                var oldErrors = new List<DefinitionError>();
                var before = reader.Compile(definition, input.Name, at, path, oldErrors);
                rejectedByBaseline.AddRange(oldErrors);
                var newErrors = new List<DefinitionError>();
                var after = CompileCurrent(definition, input.Name, at, path, newErrors);
                warnings.AddRange(newErrors.Where(e => !e.IsError));
                if (after is null) rejected.AddRange(newErrors.Where(e => e.IsError));
                if (before is null || after is null) continue;

                var rules = CompareRules(before, after, key => secretKeys.Contains(key), key => order.GetValueOrDefault(fieldOfKey.GetValueOrDefault(key, key), int.MaxValue));
                if (rules.Count == 0 && before.Name == after.Name) continue;
                changed++;
                if (before.Name != after.Name)
                    keyChanges.Add(new ChangedDefinition(after.Name, input.Name, at, [new RuleChange("[section]", before.Name, after.Name, false)]));
                foreach (var group in rules.GroupBy(r => fieldOfKey.GetValueOrDefault(r.Key, r.Key)))
                {
                    if (!byField.TryGetValue(group.Key, out var list)) byField[group.Key] = list = [];
                    list.Add(new ChangedDefinition(after.Name, input.Name, at, group.ToList()));
                }
            }
        }

        var causes = new List<SchemaDiffCause>();
        if (keyChanges.Count > 0)
            causes.Add(new SchemaDiffCause(null, null,
                schemaChanges.Where(c => c.Kind == ContractChangeKind.KeyChanged).Select(SchemaContracts.Describe).ToList(), keyChanges));
        foreach (var (field, list) in byField.OrderBy(p => order.GetValueOrDefault(p.Key, int.MaxValue)).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var explained = schemaChanges
                .Where(c => c.Field == field || (c.Field is not null && newName.GetValueOrDefault(c.Field) == field))
                .Where(c => c.Kind is not (ContractChangeKind.OrderChanged or ContractChangeKind.FieldRenamedAsDeclared or ContractChangeKind.CSharpNameChanged))
                .Select(c => c.Kind == ContractChangeKind.DefaultChanged && IsSecret(field) ? "default changed (secret: values not shown)" : SchemaContracts.Describe(c))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var callRule = current.Find(field)?.CallRule ?? baseline.Fields.FirstOrDefault(f => newName.GetValueOrDefault(f.Name, f.Name) == field)?.CallRule;
            causes.Add(new SchemaDiffCause(field, callRule, explained, list));
        }
        return new SchemaDiffResult(definitions, files, schemaChanges, causes, changed, rejected, rejectedByBaseline, warnings);

        // A secret's default is a value like any other: schema-diff output is read by people who must not see it.
        bool IsSecret(string field) => current.Find(field)?.Secret == true
            || baseline.Fields.Any(f => f.Secret && newName.GetValueOrDefault(f.Name, f.Name) == field);
    }

    /// <summary>Each baseline field's name in the current schema, where it was renamed.</summary>
    private static Dictionary<string, string> NewNames(DefinitionSchema baseline, List<ContractChange> changes)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in changes)
            if (change.Kind is ContractChangeKind.FieldRenamed or ContractChangeKind.FieldRenamedAsDeclared && change.Old is not null && change.Field is not null)
                names[change.Old] = change.Field;
        foreach (var field in baseline.Fields) names.TryAdd(field.Name, field.Name);
        return names;
    }

    /// <summary>The definitions of a file (one object, or an array of objects): each one's bytes, position and JSON path.</summary>
    private static List<(ReadOnlyMemory<byte> Json, SourcePosition At, string Path)> Split(ReadOnlyMemory<byte> json)
    {
        var positions = new SourcePositionTracker();
        positions.Reset(json, new SourcePosition(1, 1));
        var found = new List<(ReadOnlyMemory<byte>, SourcePosition, string)>();
        var reader = new Utf8JsonReader(json.Span, JsonReadContext.ReaderOptions);
        if (!reader.Read()) return found;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            Take(ref reader, JsonPaths.Root);
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject) Take(ref reader, JsonPaths.Element(JsonPaths.Root, index));
                else reader.Skip();
                index++;
            }
        }
        while (reader.Read()) { }
        return found;

        void Take(ref Utf8JsonReader reader, string path)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            found.Add((json[start..(int)reader.BytesConsumed], positions.PositionOf(start), path));
        }
    }

    /// <summary>Compiles one definition as compile does: the generated reader and validator, then its call rules.</summary>
    private static CallRuleSection? CompileCurrent(ReadOnlyMemory<byte> json, string file, SourcePosition at, string path, List<DefinitionError> errors)
    {
        var context = new JsonReadContext(file, errors);
        context.Reset(json, at, path);
        var reader = new Utf8JsonReader(json.Span, isFinalBlock: true, new JsonReaderState(JsonReadContext.ReaderOptions));
        T definition;
        try
        {
            reader.Read();
            definition = T.ReadJson(ref reader, context);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            errors.Add(new DefinitionError(ErrorCodes.InvalidJson, $"The definition could not be read: {e.Message}", File: file, Position: at));
            return null;
        }
        definition.Validate(errors);
        if (errors.Any(e => e.IsError)) return null;
        var output = new ArrayBufferWriter<byte>();
        definition.WriteCallRules(new CallRuleWriter(output));
        return CallRuleDocument.Parse(output.WrittenSpan).Sections[0];
    }

    private static List<RuleChange> CompareRules(CallRuleSection before, CallRuleSection after, Func<string, bool> isSecret, Func<string, int> order)
    {
        var rules = new List<RuleChange>();
        foreach (var key in before.Rules.Select(r => r.Key).Union(after.Rules.Select(r => r.Key), StringComparer.Ordinal)
                     .OrderBy(order).ThenBy(k => k, StringComparer.Ordinal))
        {
            var old = before[key];
            var @new = after[key];
            if (!string.Equals(old, @new, StringComparison.Ordinal))
                rules.Add(new RuleChange(key, old, @new, isSecret(key)));
        }
        return rules;
    }
}
