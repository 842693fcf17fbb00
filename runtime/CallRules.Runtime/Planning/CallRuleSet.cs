using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Planning;

/// <summary>One section of a call-rule set and the file it is (or would be) in.</summary>
public sealed record PlacedSection(CallRuleSection Section, string File);

/// <summary>
/// The call rules of one output, as sections with the file each is in: a call-rule file, a folder of them (the
/// split-by-first-key layout), or what a compile would write. Reading is as strict as the writer, and checked
/// against the schema: a line that is not call-rule text (<see cref="ErrorCodes.RulesUnreadable"/>) or a key no
/// field writes (<see cref="ErrorCodes.UnknownRuleKey"/>) is an error at its line, and that file is not read further.
/// </summary>
public sealed class CallRuleSet
{
    private readonly Dictionary<string, PlacedSection> _byName;

    private CallRuleSet(List<PlacedSection> sections)
    {
        Sections = sections;
        _byName = new Dictionary<string, PlacedSection>(sections.Count, StringComparer.Ordinal);
        foreach (var section in sections) _byName.TryAdd(section.Section.Name, section);
    }

    /// <summary>The sections, in file order (files in ordinal order of their names).</summary>
    public IReadOnlyList<PlacedSection> Sections { get; }

    /// <summary>The section named <paramref name="name"/>, or null.</summary>
    public PlacedSection? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Reads <paramref name="path"/>: a call-rule file, or a folder whose <c>*.rules</c> files (not hidden, not in
    /// subfolders) are read, as <see cref="CallRuleOutput"/> writes them. Returns null, with the errors added, when a
    /// file cannot be read or a section appears in two files.
    /// </summary>
    public static CallRuleSet? Read(string path, DefinitionSchema schema, ICollection<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(errors);
        var files = new List<(string Shown, string Full)>();
        if (Directory.Exists(path))
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(path, "*" + CallRuleOutput.Extension)
                             .Where(f => !Path.GetFileName(f).StartsWith('.'))
                             .Order(StringComparer.Ordinal))
                    files.Add((Path.Join(path, Path.GetFileName(file)), file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new DefinitionError(ErrorCodes.FileUnreadable, $"Cannot search the folder '{path}': {e.Message}", File: path));
                return null;
            }
        }
        else if (File.Exists(path))
        {
            files.Add((path, path));
        }
        else
        {
            errors.Add(new DefinitionError(ErrorCodes.InputNotFound, $"'{path}' does not exist."));
            return null;
        }

        var sections = new List<PlacedSection>();
        var failed = false;
        foreach (var (shown, full) in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new DefinitionError(ErrorCodes.FileUnreadable, $"The file cannot be read: {e.Message}", File: shown));
                failed = true;
                continue;
            }
            failed |= !TryAdd(bytes, shown, schema, sections, errors);
        }
        if (failed) return null;
        return Build(sections, errors);
    }

    /// <summary>Reads call-rule text held in memory, named <paramref name="file"/> in messages; null when it is not valid.</summary>
    public static CallRuleSet? Parse(ReadOnlySpan<byte> utf8, string file, DefinitionSchema schema, ICollection<DefinitionError> errors)
    {
        var sections = new List<PlacedSection>();
        return TryAdd(utf8, file, schema, sections, errors) ? Build(sections, errors) : null;
    }

    /// <summary>A set of the given sections (which must have distinct names), in the order given.</summary>
    public static CallRuleSet Of(IEnumerable<PlacedSection> sections) => new(sections.ToList());

    /// <summary>
    /// What compiling would write into <paramref name="path"/> (a file for <see cref="OutputLayout.SingleFile"/>, a
    /// folder for <see cref="OutputLayout.SplitByFirstKey"/>), read back as sections.
    /// </summary>
    public static CallRuleSet FromCompiled(CompiledRules rules, DefinitionSchema schema, string path, OutputLayout layout)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var sections = new List<PlacedSection>(rules.Count);
        var errors = new List<DefinitionError>();
        if (layout == OutputLayout.SingleFile)
        {
            Add(rules, null, path);
        }
        else
        {
            foreach (var (value, indices) in rules.GroupByFirstKey())
                Add(rules, indices, Path.Join(path, CallRuleOutput.FileNameFor(value)));
        }
        return new CallRuleSet(sections);

        void Add(CompiledRules compiled, int[]? indices, string file)
        {
            using var memory = new MemoryStream();
            compiled.WriteTo(memory, indices);
            // What the writer wrote, the reader reads: a failure here is a bug in one of them.
            if (!TryAdd(memory.GetBuffer().AsSpan(0, (int)memory.Length), file, schema, sections, errors))
                throw new InvalidOperationException("Compiled call rules could not be read back: " + errors[0]);
        }
    }

    private static CallRuleSet? Build(List<PlacedSection> sections, ICollection<DefinitionError> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var placed in sections)
        {
            if (seen.TryAdd(placed.Section.Name, placed.File)) continue;
            errors.Add(new DefinitionError(ErrorCodes.RulesUnreadable,
                $"The section [{placed.Section.Name}] is also in {seen[placed.Section.Name]}; a section may be in one file only.",
                File: placed.File, Position: new SourcePosition(placed.Section.Line, 1)));
            return null;
        }
        return new CallRuleSet(sections);
    }

    private static bool TryAdd(ReadOnlySpan<byte> utf8, string file, DefinitionSchema schema, List<PlacedSection> sections, ICollection<DefinitionError> errors)
    {
        if (!CallRuleDocument.TryParse(utf8, out var document, out var syntax))
        {
            errors.Add(new DefinitionError(ErrorCodes.RulesUnreadable,
                $"This is not call-rule text that {schema.SchemaFile} writes: {syntax!.Message} Nothing more of the file is read.",
                File: file, Position: new SourcePosition(syntax.Line, 1)));
            return false;
        }
        var keys = RuleKeys(schema);
        foreach (var section in document!.Sections)
        {
            foreach (var rule in section.Rules)
            {
                if (keys.ContainsKey(rule.Key)) continue;
                var suggestion = Suggestions.Closest(rule.Key, keys.Keys);
                errors.Add(new DefinitionError(ErrorCodes.UnknownRuleKey,
                    $"'{rule.Key}' in section [{section.Name}] is not a call-rule key of {schema.Name} definitions ({schema.SchemaFile})" +
                    (suggestion is not null ? $"; did you mean '{suggestion}'?" : ".") +
                    " The file was written for another schema or edited by hand; nothing more of it is read.",
                    File: file, Position: new SourcePosition(rule.Line, 1)));
                return false;
            }
            sections.Add(new PlacedSection(section, file));
        }
        return true;
    }

    /// <summary>Each call-rule key of <paramref name="schema"/> and the index of the field that writes it.</summary>
    public static IReadOnlyDictionary<string, int> RuleKeys(DefinitionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Fields.Count; i++)
            if (schema.Fields[i].CallRule is { } key) keys[key] = i;
        return keys;
    }
}
