using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Planning;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Definitions;

/// <summary>One definition file an import produces: its file name and canonical bytes.</summary>
public sealed record ImportedFile(string FileName, byte[] Content, int DefinitionCount);

/// <summary>
/// Turns what a server already runs into definition files: call rules read back (each rule's value mapped back to
/// its field's wire value), or a JSON export of the same fields. The files hold one array per value of the first key
/// field (per domain), each definition in canonical form with <c>$schema</c> first, and leave out every value equal to
/// its default. Everything it knows of fields comes from <typeparamref name="T"/>'s schema.
/// </summary>
public static class DefinitionImporter<T> where T : class, IDefinition<T>
{
    private static DefinitionSchema Schema => T.Schema;

    /// <summary>
    /// Definitions that compile back to <paramref name="rules"/> byte for byte. Returns null, with errors located at
    /// the call-rule lines, when a rule cannot be mapped back or the result would not compile to the same rules.
    /// </summary>
    public static IReadOnlyList<ImportedFile>? FromCallRules(CallRuleSet rules, string? schemaReference, ICollection<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(errors);
        var keys = CallRuleSet.RuleKeys(Schema);
        var definitions = new List<T>();
        var origins = new List<PlacedSection>();
        var failed = false;
        foreach (var placed in rules.Sections)
        {
            var json = SectionToJson(placed, keys, errors);
            if (json is null)
            {
                failed = true;
                continue;
            }
            var problems = new List<DefinitionError>();
            var definition = Read(json, placed.File, problems);
            definition?.Validate(problems);
            foreach (var problem in problems.Where(p => p.IsError))
            {
                failed = true;
                var line = problem.Field is { } field && Schema.Find(field)?.CallRule is { } key
                    ? placed.Section.Rules.FirstOrDefault(r => r.Key == key).Line
                    : 0;
                errors.Add(problem with
                {
                    Message = $"[{MessageText.Escape(placed.Section.Name)}] {problem.Message}",
                    File = placed.File,
                    Position = new SourcePosition(line > 0 ? line : placed.Section.Line, 1),
                    JsonPath = null,
                });
            }
            if (definition is not null && !problems.Any(p => p.IsError) && !NamedAfterItsKey(placed, definition, errors))
            {
                failed = true;
                continue;
            }
            if (definition is not null)
            {
                definitions.Add(definition);
                origins.Add(placed);
            }
        }
        if (failed) return null;
        var files = Write(definitions, schemaReference);
        return Verify(files, rules, errors) ? files : null;
    }

    /// <summary>
    /// Definitions from a JSON export of the same fields (one object or an array, such as an API's list response). A
    /// property the schema does not define is a read-only field of the export: it is dropped and named in
    /// <paramref name="dropped"/>. Every other problem is the usual located error in <paramref name="input"/>.
    /// </summary>
    public static IReadOnlyList<ImportedFile>? FromExport(DefinitionInput input, string? schemaReference, ICollection<DefinitionError> errors, out IReadOnlyList<string> dropped)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        using (var check = new DefinitionCompiler<T>().Validate([input]))
        {
            dropped = check.Diagnostics.Where(d => d.Code == ErrorCodes.UnknownField && d.Field is not null)
                .Select(d => d.Field!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var real = check.Diagnostics.Where(d => d.Code != ErrorCodes.UnknownField).ToList();
            foreach (var problem in real) errors.Add(problem);
            if (real.Any(d => d.IsError)) return null;
        }
        byte[] bytes;
        using (var stream = input.Open())
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }
        var definitions = new List<T>();
        var ignored = new List<DefinitionError>();
        var context = new JsonReadContext(input.Name, ignored);
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes, JsonReadContext.ReaderOptions);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject) continue;
            definitions.Add(T.ReadJson(ref reader, context));
        }
        return Write(definitions, schemaReference);
    }

    /// <summary>The name of the file that holds the definitions of one first-key value: <c>example.com.json</c>.</summary>
    public static string FileNameFor(string firstKeyValue) =>
        Path.ChangeExtension(CallRuleOutput.FileNameFor(firstKeyValue), InputPaths.DefinitionExtension);

    private static List<ImportedFile> Write(List<T> definitions, string? schemaReference)
    {
        var files = new List<ImportedFile>();
        foreach (var group in definitions.GroupBy(d => d.Key.Values.Length > 0 ? d.Key.Values[0] : "", StringComparer.Ordinal)
                     .OrderBy(g => FileNameFor(g.Key), StringComparer.Ordinal))
        {
            var members = group.OrderBy(d => d.Key).ToList();
            files.Add(new ImportedFile(FileNameFor(group.Key), CanonicalJson.File(members, asArray: true, _ => schemaReference, omitDefaults: true), members.Count));
        }
        return files;
    }

    private static byte[]? SectionToJson(PlacedSection placed, IReadOnlyDictionary<string, int> keys, ICollection<DefinitionError> errors)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        var ok = true;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in placed.Section.Rules)
            {
                var field = Schema.Fields[keys[rule.Key]];
                set.Add(field.Name);
                switch (field.Kind)
                {
                    case FieldKind.Integer when long.TryParse(rule.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                        writer.WriteNumber(field.Name, number);
                        break;
                    case FieldKind.Integer:
                        ok = false;
                        errors.Add(At(placed, rule.Line, ErrorCodes.WrongType, field,
                            $"{rule.Key} must be a whole number, the value of '{field.Name}'{Got(field, rule.Value)}."));
                        break;
                    case FieldKind.Enum:
                        var wire = field.Map.Count > 0
                            ? field.Values.FirstOrDefault(v => field.Map.TryGetValue(v, out var target) && target == rule.Value)
                            : field.Values.FirstOrDefault(v => v == rule.Value);
                        if (wire is null)
                        {
                            ok = false;
                            var allowed = field.Values.Select(v => field.Map.GetValueOrDefault(v, v)).Distinct(StringComparer.Ordinal);
                            errors.Add(At(placed, rule.Line, ErrorCodes.NotAllowed, field,
                                $"{rule.Key} is not a value '{field.Name}' writes{Got(field, rule.Value)}; it writes {string.Join(", ", allowed.Select(a => $"'{a}'"))}."));
                            break;
                        }
                        writer.WriteString(field.Name, wire);
                        break;
                    default:
                        writer.WriteString(field.Name, rule.Value);
                        break;
                }
            }
            // A key field without a call-rule line still names the section.
            var parts = Schema.Key.Count > 0 ? placed.Section.Name.Split(DefinitionKey.Separator, Schema.Key.Count) : [];
            for (var i = 0; i < Schema.Key.Count && i < parts.Length; i++)
                if (!set.Contains(Schema.Key[i])) writer.WriteString(Schema.Key[i], parts[i]);
            writer.WriteEndObject();
        }
        return ok ? buffer.WrittenSpan.ToArray() : null;
    }

    /// <summary>
    /// Whether the section's name is the key its rules give, as compile names it. A section renamed by hand (or rules
    /// of its key fields edited) would compile back to another section: one error at the section, naming the rules.
    /// </summary>
    private static bool NamedAfterItsKey(PlacedSection placed, T definition, ICollection<DefinitionError> errors)
    {
        var name = definition.Key.SectionName;
        if (name == placed.Section.Name) return true;
        var parts = placed.Section.Name.Split(DefinitionKey.Separator, Math.Max(Schema.Key.Count, 1));
        var values = definition.Key.Values.ToArray();
        var differing = Schema.Key
            .Where((field, i) => i >= parts.Length || i >= values.Length || parts[i] != values[i])
            .Select(field => Schema.Find(field)?.CallRule ?? field)
            .ToList();
        errors.Add(new DefinitionError(ErrorCodes.RulesUnreadable,
            $"[{MessageText.Escape(placed.Section.Name)}] is not named after its key: its rules give the key ({string.Join(" + ", Schema.Key)}) '{MessageText.Escape(name)}', which compile writes as [{MessageText.Escape(name)}]. Rename the section or correct {string.Join(" and ", differing)}.",
            File: placed.File, Position: new SourcePosition(placed.Section.Line, 1)));
        return false;
    }

    private static string Got(FieldInfo field, string value) => field.Secret ? "" : $"; got '{value}'";

    private static DefinitionError At(PlacedSection placed, int line, string code, FieldInfo field, string message) =>
        new(code, $"[{MessageText.Escape(placed.Section.Name)}] {message}", field.Name, null, placed.File, new SourcePosition(line, 1));

    private static T? Read(byte[] json, string file, List<DefinitionError> problems)
    {
        var context = new JsonReadContext(file, problems);
        context.Reset(json, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(json, JsonReadContext.ReaderOptions);
        reader.Read();
        return T.ReadJson(ref reader, context);
    }

    // The files are compiled again, in memory, and must give the rules they came from; a difference (a hand-edited
    // file missing a line that compile always writes, say) is an error at the section.
    private static bool Verify(List<ImportedFile> files, CallRuleSet rules, ICollection<DefinitionError> errors)
    {
        var inputs = files.Select(f => DefinitionInput.FromBytes(f.FileName, f.Content)).ToList();
        using var run = new DefinitionCompiler<T>().Compile(inputs);
        if (!run.Succeeded)
        {
            foreach (var error in run.Errors) errors.Add(error);
            return false;
        }
        var compiled = CallRuleSet.FromCompiled(run.Rules!, Schema, "import", OutputLayout.SingleFile);
        var differences = CallRuleDiff.Compare(rules, compiled, Schema);
        foreach (var difference in differences)
        {
            var placed = rules.Find(difference.Section);
            var what = string.Join(", ", difference.Rules.Select(r => r.Old is null ? $"{r.Key} would be added" : r.New is null ? $"{r.Key} would be dropped" : $"{r.Key} would change"));
            errors.Add(new DefinitionError(ErrorCodes.RulesUnreadable,
                $"[{MessageText.Escape(difference.Section)}] cannot be imported so that it compiles back to the same call rules: {what}. The file was edited by hand or written by another schema version.",
                File: placed?.File, Position: new SourcePosition(placed?.Section.Line ?? 0, 1)));
        }
        return differences.Count == 0;
    }
}
