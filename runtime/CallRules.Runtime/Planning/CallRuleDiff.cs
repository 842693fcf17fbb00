using System;
using System.Collections.Generic;
using System.Linq;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Planning;

/// <summary>What happens to a section.</summary>
public enum SectionChangeKind
{
    /// <summary>The section is new.</summary>
    Add,
    /// <summary>The section stays, with other rules.</summary>
    Change,
    /// <summary>The section goes.</summary>
    Remove,
}

/// <summary>
/// One rule of a changed section: its key, the value before and after (null where the rule is absent), and whether
/// the field that writes it is secret. A secret's values are here so that callers can compare, but are never printed.
/// </summary>
public sealed record RuleChange(string Key, string? Old, string? New, bool Secret);

/// <summary>One section that differs: added (every rule new), removed (every rule gone) or changed (only the rules that differ).</summary>
public sealed record SectionChange(SectionChangeKind Kind, string Section, string File, IReadOnlyList<RuleChange> Rules);

/// <summary>
/// Compares two call-rule sets section by section (a section is identified by its name, that is its key), in
/// section order (<see cref="DefinitionKey.CompareTo"/>, the order the files are written in), and each section's rules
/// in schema order. Header comments and the order of sections in a file are not compared: they carry no meaning.
/// </summary>
public static class CallRuleDiff
{
    /// <summary>The sections that differ between <paramref name="old"/> and <paramref name="new"/>.</summary>
    public static IReadOnlyList<SectionChange> Compare(CallRuleSet old, CallRuleSet @new, DefinitionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        ArgumentNullException.ThrowIfNull(schema);
        var keys = CallRuleSet.RuleKeys(schema);
        var changes = new List<SectionChange>();
        foreach (var placed in @new.Sections)
        {
            var before = old.Find(placed.Section.Name);
            if (before is null)
            {
                changes.Add(new SectionChange(SectionChangeKind.Add, placed.Section.Name, placed.File,
                    placed.Section.Rules.Select(r => new RuleChange(r.Key, null, r.Value, IsSecret(r.Key))).ToList()));
                continue;
            }
            var rules = CompareRules(before.Section, placed.Section, keys, IsSecret);
            if (rules.Count > 0) changes.Add(new SectionChange(SectionChangeKind.Change, placed.Section.Name, placed.File, rules));
        }
        foreach (var placed in old.Sections)
        {
            if (@new.Find(placed.Section.Name) is not null) continue;
            changes.Add(new SectionChange(SectionChangeKind.Remove, placed.Section.Name, placed.File,
                placed.Section.Rules.Select(r => new RuleChange(r.Key, r.Value, null, IsSecret(r.Key))).ToList()));
        }
        var count = schema.Key.Count;
        var ordered = changes.Select(c => (Key: new DefinitionKey(count > 0 ? c.Section.Split(DefinitionKey.Separator, count) : [c.Section]), Change: c))
            .OrderBy(c => c.Key)
            .ThenBy(c => c.Change.Section, StringComparer.Ordinal)
            .Select(c => c.Change)
            .ToList();
        return ordered;

        bool IsSecret(string key) => keys.TryGetValue(key, out var index) && schema.Fields[index].Secret;
    }

    private static List<RuleChange> CompareRules(CallRuleSection old, CallRuleSection @new, IReadOnlyDictionary<string, int> keys, Func<string, bool> isSecret)
    {
        var union = old.Rules.Select(r => r.Key).Union(@new.Rules.Select(r => r.Key), StringComparer.Ordinal)
            .OrderBy(k => keys.TryGetValue(k, out var index) ? index : int.MaxValue)
            .ThenBy(k => k, StringComparer.Ordinal);
        var rules = new List<RuleChange>();
        foreach (var key in union)
        {
            var before = old[key];
            var after = @new[key];
            if (!string.Equals(before, after, StringComparison.Ordinal))
                rules.Add(new RuleChange(key, before, after, isSecret(key)));
        }
        return rules;
    }

    /// <summary>How many sections are added, changed and removed.</summary>
    public static (int Add, int Change, int Remove) Count(IReadOnlyList<SectionChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return (changes.Count(c => c.Kind == SectionChangeKind.Add),
                changes.Count(c => c.Kind == SectionChangeKind.Change),
                changes.Count(c => c.Kind == SectionChangeKind.Remove));
    }
}
