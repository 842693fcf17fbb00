// One rule, two builds: compiled into the generator (internal), which reports the breaking changes of a schema
// against its shipped baseline at build time, and into the runtime (public), where `callrules schema-diff` names the
// schema change behind each call-rule line that changes. So the build and the corpus check agree on what changed.
// See ValueFormats.cs for what C# is allowed here.
using System;
using System.Collections.Generic;
using System.Linq;

#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Schema;
#endif

/// <summary>
/// What a schema promises to the definitions written for it, to the code that uses the generated type and to the SIP
/// servers that read its call rules: the part of a schema that a change can break. Descriptions and examples are not
/// part of it.
/// </summary>
sealed partial class SchemaContract
{
    /// <summary>Creates a contract.</summary>
    /// <param name="typeName">The C# type name of one definition.</param>
    /// <param name="key">The wire names of the key fields, in key order.</param>
    /// <param name="fields">The fields, in schema order.</param>
    /// <param name="removed">The wire names the schema lists as removed.</param>
    public SchemaContract(string typeName, IReadOnlyList<string> key, IReadOnlyList<FieldContract> fields, IReadOnlyList<string> removed)
    {
        TypeName = typeName;
        Key = key;
        Fields = fields;
        Removed = removed;
    }

    /// <summary>The C# type name of one definition.</summary>
    public string TypeName { get; }

    /// <summary>The wire names of the key fields, in key order.</summary>
    public IReadOnlyList<string> Key { get; }

    /// <summary>The fields, in schema order (the order of their call-rule lines).</summary>
    public IReadOnlyList<FieldContract> Fields { get; }

    /// <summary>The wire names the schema lists under <c>removed</c>.</summary>
    public IReadOnlyList<string> Removed { get; }
}

/// <summary>What one field promises (see <see cref="SchemaContract"/>).</summary>
sealed partial class FieldContract
{
    /// <summary>Creates a field contract; <paramref name="callRuleValues"/> gives, per allowed value, what the call rules get.</summary>
    public FieldContract(
        string name, string property, string type, string? enumType, bool required, IReadOnlyList<string> values,
        IReadOnlyList<string> callRuleValues, string? @default, string? defaultFrom, string? callRule, int? maxLength,
        int? minLength, long? minimum, long? maximum, string? pattern, string? format, bool secret, string? unsupported,
        string? deprecated, IReadOnlyList<string> renamedFrom)
    {
        Name = name;
        Property = property;
        Type = type;
        EnumType = enumType;
        Required = required;
        Values = values;
        CallRuleValues = callRuleValues;
        Default = @default;
        DefaultFrom = defaultFrom;
        CallRule = callRule;
        MaxLength = maxLength;
        MinLength = minLength;
        Minimum = minimum;
        Maximum = maximum;
        Pattern = pattern;
        Format = format;
        Secret = secret;
        Unsupported = unsupported;
        Deprecated = deprecated;
        RenamedFrom = renamedFrom;
    }

    /// <summary>The wire name.</summary>
    public string Name { get; }
    /// <summary>The C# property name.</summary>
    public string Property { get; }
    /// <summary>The schema type: <c>string</c>, <c>integer</c>, <c>enum</c> or <c>object</c>.</summary>
    public string Type { get; }
    /// <summary>The C# enum type of an enum field.</summary>
    public string? EnumType { get; }
    /// <summary>Whether definitions must set it.</summary>
    public bool Required { get; }
    /// <summary>The allowed values of an enum field, in schema order.</summary>
    public IReadOnlyList<string> Values { get; }
    /// <summary>What the call rules get for each of <see cref="Values"/> (the map's target, or the value itself).</summary>
    public IReadOnlyList<string> CallRuleValues { get; }
    /// <summary>The literal default as wire text.</summary>
    public string? Default { get; }
    /// <summary>The wire name of the field whose value is the default.</summary>
    public string? DefaultFrom { get; }
    /// <summary>The call-rule key.</summary>
    public string? CallRule { get; }
    /// <summary>The largest length of a string.</summary>
    public int? MaxLength { get; }
    /// <summary>The smallest length of a string.</summary>
    public int? MinLength { get; }
    /// <summary>The smallest integer.</summary>
    public long? Minimum { get; }
    /// <summary>The largest integer.</summary>
    public long? Maximum { get; }
    /// <summary>The regular expression a value must match.</summary>
    public string? Pattern { get; }
    /// <summary>The named format a value must have.</summary>
    public string? Format { get; }
    /// <summary>Whether the value is a secret.</summary>
    public bool Secret { get; }
    /// <summary>Why the field is not supported, when it is not.</summary>
    public string? Unsupported { get; }
    /// <summary>Why the field is deprecated and what replaces it, when it is.</summary>
    public string? Deprecated { get; }
    /// <summary>The field's earlier wire names.</summary>
    public IReadOnlyList<string> RenamedFrom { get; }

    /// <summary>What the call rules get for the allowed value <paramref name="value"/>, or null when it is not one.</summary>
    public string? CallRuleValueOf(string value)
    {
        for (var i = 0; i < Values.Count; i++)
            if (string.Equals(Values[i], value, StringComparison.Ordinal))
                return i < CallRuleValues.Count ? CallRuleValues[i] : value;
        return null;
    }
}

/// <summary>What kind of change a schema made to its contract. The first group breaks something; the rest do not.</summary>
#if CALLRULES_GENERATOR
internal
#else
public
#endif
enum ContractChangeKind
{
    /// <summary>A wire name of the baseline (a field, or an earlier name of one) is gone and not listed in <c>removed</c>.</summary>
    FieldRemoved,
    /// <summary>A field looks renamed (same call-rule key or C# name) without <c>renamedFrom</c> naming the old name.</summary>
    FieldRenamed,
    /// <summary>A C# name changed: the definition type, a property (same wire name) or an enum type.</summary>
    CSharpNameChanged,
    /// <summary>A field's type changed.</summary>
    TypeChanged,
    /// <summary>A field became required, or a new field is required.</summary>
    NewRequired,
    /// <summary>An allowed value of an enum field was removed.</summary>
    EnumValueRemoved,
    /// <summary><c>maxLength</c>/<c>maximum</c> lowered or added, <c>minLength</c>/<c>minimum</c> raised or added.</summary>
    LimitTightened,
    /// <summary>A <c>pattern</c> or <c>format</c> added or changed.</summary>
    PatternOrFormatChanged,
    /// <summary>A field became <c>unsupported</c>.</summary>
    MadeUnsupported,
    /// <summary>A field's call-rule key changed or was removed.</summary>
    CallRuleChanged,
    /// <summary>What the call rules get for an enum value changed.</summary>
    MapChanged,
    /// <summary>A <c>default</c> or <c>defaultFrom</c> changed, was added or removed.</summary>
    DefaultChanged,
    /// <summary>A field is no longer <c>secret</c>.</summary>
    SecretRemoved,
    /// <summary>The key changed.</summary>
    KeyChanged,
    /// <summary>A wire name the baseline lists as removed is used again, or no longer listed.</summary>
    RemovedNameReused,

    /// <summary>A new field (not breaking unless required; its call-rule line appears where it has a default).</summary>
    FieldAdded,
    /// <summary>A field was removed and listed in <c>removed</c>.</summary>
    FieldRemovedAsDeclared,
    /// <summary>A field was renamed with <c>renamedFrom</c> naming the old name.</summary>
    FieldRenamedAsDeclared,
    /// <summary>A field that had no call-rule line has one now.</summary>
    CallRuleAdded,
    /// <summary>The call-rule lines of fields are written in another order.</summary>
    OrderChanged,
}

/// <summary>One change of a schema's contract against an earlier version of it.</summary>
sealed partial class ContractChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="kind">What changed.</param>
    /// <param name="field">The field's wire name in the new schema (its old name when it is gone); null for the schema as a whole.</param>
    /// <param name="keyword">The schema keyword the change is in (where a build reports it), such as <c>default</c>.</param>
    /// <param name="old">The old value, as text for people (null: none).</param>
    /// <param name="new">The new value, as text for people (null: none).</param>
    public ContractChange(ContractChangeKind kind, string? field, string keyword, string? old, string? @new)
    {
        Kind = kind;
        Field = field;
        Keyword = keyword;
        Old = old;
        New = @new;
    }

    /// <summary>What changed.</summary>
    public ContractChangeKind Kind { get; }
    /// <summary>The field's wire name in the new schema (its old name when it is gone); null for the schema as a whole.</summary>
    public string? Field { get; }
    /// <summary>The schema keyword the change is in, such as <c>default</c>.</summary>
    public string Keyword { get; }
    /// <summary>The old value, as text for people; null when there was none.</summary>
    public string? Old { get; }
    /// <summary>The new value, as text for people; null when there is none.</summary>
    public string? New { get; }
    /// <summary>Whether the change breaks definitions, the generated C# API or the call rules servers read.</summary>
    public bool IsBreaking => Kind < ContractChangeKind.FieldAdded;

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Field} {Keyword}: {Old ?? "(none)"} -> {New ?? "(none)"}";
}

/// <summary>
/// The rules of schema evolution: what a schema changed against an earlier version of itself (its shipped baseline),
/// and which of those changes break what was shipped (buf's and oasdiff's rules, for definitions and call rules).
/// </summary>
static partial class SchemaContracts
{
    /// <summary>
    /// Every change from <paramref name="shipped"/> to <paramref name="current"/>, breaking or not, in schema order
    /// (fields of the baseline first, then new fields, then the schema as a whole).
    /// </summary>
    public static List<ContractChange> Compare(SchemaContract shipped, SchemaContract current)
    {
        if (shipped is null) throw new ArgumentNullException(nameof(shipped));
        if (current is null) throw new ArgumentNullException(nameof(current));
        var changes = new List<ContractChange>();
        var byName = new Dictionary<string, FieldContract>(StringComparer.Ordinal);
        var byEarlierName = new Dictionary<string, FieldContract>(StringComparer.Ordinal);
        foreach (var field in current.Fields)
        {
            if (!byName.ContainsKey(field.Name)) byName.Add(field.Name, field);
            foreach (var earlier in field.RenamedFrom)
                if (!byEarlierName.ContainsKey(earlier)) byEarlierName.Add(earlier, field);
        }
        var removedNow = new HashSet<string>(current.Removed, StringComparer.Ordinal);

        // Pair each field of the baseline with the field it is now: same wire name, or declared renamed.
        var pairs = new List<(FieldContract Shipped, FieldContract Current)>();
        var unmatched = new List<FieldContract>();
        var paired = new HashSet<FieldContract>();
        foreach (var field in shipped.Fields)
        {
            if (byName.TryGetValue(field.Name, out var same) && paired.Add(same))
                pairs.Add((field, same));
            else if (byEarlierName.TryGetValue(field.Name, out var renamed) && paired.Add(renamed))
            {
                pairs.Add((field, renamed));
                changes.Add(new ContractChange(ContractChangeKind.FieldRenamedAsDeclared, renamed.Name, SchemaKeywords.RenamedFrom, field.Name, renamed.Name));
            }
            else if (removedNow.Contains(field.Name))
                changes.Add(new ContractChange(ContractChangeKind.FieldRemovedAsDeclared, field.Name, SchemaKeywords.Removed, field.Name, null));
            else
                unmatched.Add(field);
        }

        // A field of the baseline that is gone: renamed without saying so when a new field has its call-rule key or C#
        // name, else removed without saying so.
        var added = current.Fields.Where(f => !paired.Contains(f)).ToList();
        foreach (var field in unmatched)
        {
            var successor = added.FirstOrDefault(f => field.CallRule is not null && f.CallRule == field.CallRule)
                ?? added.FirstOrDefault(f => f.Property == field.Property);
            if (successor is null)
            {
                changes.Add(new ContractChange(ContractChangeKind.FieldRemoved, field.Name, SchemaKeywords.Fields, field.Name, null));
                continue;
            }
            added.Remove(successor);
            changes.Add(new ContractChange(ContractChangeKind.FieldRenamed, successor.Name, SchemaKeywords.Name, field.Name, successor.Name));
            pairs.Add((field, successor));
        }

        // Earlier names the baseline read that nothing reads now.
        foreach (var (old, now) in pairs)
        {
            foreach (var earlier in old.RenamedFrom)
            {
                if (byName.ContainsKey(earlier) || byEarlierName.ContainsKey(earlier) || removedNow.Contains(earlier)) continue;
                changes.Add(new ContractChange(ContractChangeKind.FieldRemoved, now.Name, now.RenamedFrom.Count > 0 ? SchemaKeywords.RenamedFrom : SchemaKeywords.Name, earlier, null));
            }
        }

        var newName = pairs.ToDictionary(p => p.Shipped.Name, p => p.Current.Name, StringComparer.Ordinal);
        foreach (var (old, now) in pairs)
            CompareField(old, now, newName, changes);

        foreach (var field in added)
        {
            changes.Add(new ContractChange(ContractChangeKind.FieldAdded, field.Name, SchemaKeywords.Name, null, field.Name));
            if (field.Required)
                changes.Add(new ContractChange(ContractChangeKind.NewRequired, field.Name, SchemaKeywords.Required, "(new field)", "required"));
        }

        // Names the baseline reserved under "removed": they keep their reservation.
        foreach (var name in shipped.Removed)
        {
            if (byName.TryGetValue(name, out var reused))
                changes.Add(new ContractChange(ContractChangeKind.RemovedNameReused, reused.Name, SchemaKeywords.Name, name, reused.Name));
            else if (byEarlierName.TryGetValue(name, out var earlierOf))
                changes.Add(new ContractChange(ContractChangeKind.RemovedNameReused, earlierOf.Name, SchemaKeywords.RenamedFrom, name, earlierOf.Name));
            else if (!removedNow.Contains(name))
                changes.Add(new ContractChange(ContractChangeKind.RemovedNameReused, name, current.Removed.Count > 0 ? SchemaKeywords.Removed : SchemaKeywords.Fields, name, null));
        }

        var oldKey = shipped.Key.Select(k => newName.TryGetValue(k, out var n) ? n : k).ToList();
        if (!oldKey.SequenceEqual(current.Key, StringComparer.Ordinal))
            changes.Add(new ContractChange(ContractChangeKind.KeyChanged, null, SchemaKeywords.Key, string.Join(", ", shipped.Key), string.Join(", ", current.Key)));
        if (!string.Equals(shipped.TypeName, current.TypeName, StringComparison.Ordinal))
            changes.Add(new ContractChange(ContractChangeKind.CSharpNameChanged, null, SchemaKeywords.Name, shipped.TypeName, current.TypeName));

        // Lines keep their order in a call-rule section; a server that reads them in order sees the difference.
        var oldOrder = pairs.Where(p => p.Shipped.CallRule is not null && p.Current.CallRule is not null)
            .OrderBy(p => IndexOf(shipped.Fields, p.Shipped)).Select(p => p.Current.Name).ToList();
        var newOrder = current.Fields.Where(f => f.CallRule is not null && oldOrder.Contains(f.Name)).Select(f => f.Name).ToList();
        if (!oldOrder.SequenceEqual(newOrder, StringComparer.Ordinal))
            changes.Add(new ContractChange(ContractChangeKind.OrderChanged, null, SchemaKeywords.Fields, null, null));
        return changes;
    }

    /// <summary>
    /// A change for people, without the field's name: <c>default changed from 'yes' to 'optional'</c>. The build's
    /// diagnostics and <c>callrules schema-diff</c>'s causes say the same thing.
    /// </summary>
    public static string Describe(ContractChange change)
    {
        if (change is null) throw new ArgumentNullException(nameof(change));
        string From() => change.Old is null ? "" : " from " + change.Old;
        string To() => change.New is null ? " (none now)" : " to " + change.New;
        switch (change.Kind)
        {
            case ContractChangeKind.FieldRemoved: return "removed without being listed in \"removed\"";
            case ContractChangeKind.FieldRemovedAsDeclared: return "removed (listed in \"removed\")";
            case ContractChangeKind.FieldRenamed: return $"renamed from '{change.Old}' without \"renamedFrom\"";
            case ContractChangeKind.FieldRenamedAsDeclared: return $"renamed from '{change.Old}'";
            case ContractChangeKind.FieldAdded: return "new field";
            case ContractChangeKind.CallRuleAdded: return $"now written to the call rules as '{change.New}'";
            case ContractChangeKind.CallRuleChanged: return $"call-rule key changed from '{change.Old}'" + (change.New is null ? " to none" : $" to '{change.New}'");
            case ContractChangeKind.DefaultChanged: return "default changed" + (change.Old is null ? "" : " from " + change.Old) + (change.New is null ? " to none" : " to " + change.New);
            case ContractChangeKind.MapChanged: return "map changed (" + change.New + ")";
            case ContractChangeKind.TypeChanged: return $"type changed from {change.Old} to {change.New}";
            case ContractChangeKind.EnumValueRemoved: return "values removed: " + change.Old;
            case ContractChangeKind.KeyChanged: return $"key changed from [{change.Old}] to [{change.New}]";
            case ContractChangeKind.OrderChanged: return "call-rule lines in another order";
            default: return change.Keyword + " changed" + From() + To();
        }
    }

    private static int IndexOf(IReadOnlyList<FieldContract> fields, FieldContract field)
    {
        for (var i = 0; i < fields.Count; i++)
            if (ReferenceEquals(fields[i], field)) return i;
        return -1;
    }

    private static void CompareField(FieldContract old, FieldContract now, Dictionary<string, string> newName, List<ContractChange> changes)
    {
        void Add(ContractChangeKind kind, string keyword, string? before, string? after) =>
            changes.Add(new ContractChange(kind, now.Name, keyword, before, after));

        // A declared rename renames the property derived from the wire name too: that is part of the rename.
        var renamed = !string.Equals(old.Name, now.Name, StringComparison.Ordinal);
        if (!renamed && !string.Equals(old.Property, now.Property, StringComparison.Ordinal))
            Add(ContractChangeKind.CSharpNameChanged, SchemaKeywords.Property, old.Property, now.Property);
        if (!string.Equals(old.Type, now.Type, StringComparison.Ordinal))
        {
            // Nothing else about the values compares across types.
            Add(ContractChangeKind.TypeChanged, SchemaKeywords.Type, old.Type, now.Type);
            CompareOutput(old, now, newName, Add);
            return;
        }
        if (!renamed && old.EnumType is not null && !string.Equals(old.EnumType, now.EnumType, StringComparison.Ordinal))
            Add(ContractChangeKind.CSharpNameChanged, SchemaKeywords.EnumType, old.EnumType, now.EnumType);
        if (!old.Required && now.Required)
            Add(ContractChangeKind.NewRequired, SchemaKeywords.Required, "optional", "required");
        if (old.Unsupported is null && now.Unsupported is not null)
            Add(ContractChangeKind.MadeUnsupported, SchemaKeywords.Unsupported, null, now.Unsupported);

        var gone = old.Values.Where(v => !now.Values.Contains(v)).ToList();
        if (gone.Count > 0)
            Add(ContractChangeKind.EnumValueRemoved, SchemaKeywords.Values, string.Join(", ", gone), null);
        var remapped = old.Values.Where(v => now.CallRuleValueOf(v) is { } target && target != old.CallRuleValueOf(v))
            .Select(v => $"{v}: {old.CallRuleValueOf(v)} -> {now.CallRuleValueOf(v)}").ToList();
        if (remapped.Count > 0)
            Add(ContractChangeKind.MapChanged, SchemaKeywords.Map, null, string.Join(", ", remapped));

        if (now.MaxLength is { } maxLength && (old.MaxLength is not { } oldMaxLength || maxLength < oldMaxLength))
            Add(ContractChangeKind.LimitTightened, SchemaKeywords.MaxLength, Text(old.MaxLength), Text(now.MaxLength));
        if (now.MinLength is { } minLength && (old.MinLength is not { } oldMinLength || minLength > oldMinLength))
            Add(ContractChangeKind.LimitTightened, SchemaKeywords.MinLength, Text(old.MinLength), Text(now.MinLength));
        if (now.Maximum is { } maximum && (old.Maximum is not { } oldMaximum || maximum < oldMaximum))
            Add(ContractChangeKind.LimitTightened, SchemaKeywords.Maximum, Text(old.Maximum), Text(now.Maximum));
        if (now.Minimum is { } minimum && (old.Minimum is not { } oldMinimum || minimum > oldMinimum))
            Add(ContractChangeKind.LimitTightened, SchemaKeywords.Minimum, Text(old.Minimum), Text(now.Minimum));
        if (now.Pattern is not null && !string.Equals(old.Pattern, now.Pattern, StringComparison.Ordinal))
            Add(ContractChangeKind.PatternOrFormatChanged, SchemaKeywords.Pattern, old.Pattern, now.Pattern);
        if (now.Format is not null && !string.Equals(old.Format, now.Format, StringComparison.Ordinal))
            Add(ContractChangeKind.PatternOrFormatChanged, SchemaKeywords.Format, old.Format, now.Format);
        if (old.Secret && !now.Secret)
            Add(ContractChangeKind.SecretRemoved, SchemaKeywords.Secret, "true", "false");
        CompareOutput(old, now, newName, Add);
    }

    // What the call rules get: the key and the default. These compare whatever the types are.
    private static void CompareOutput(FieldContract old, FieldContract now, Dictionary<string, string> newName, Action<ContractChangeKind, string, string?, string?> add)
    {
        if (old.CallRule is not null && !string.Equals(old.CallRule, now.CallRule, StringComparison.Ordinal))
            add(ContractChangeKind.CallRuleChanged, now.CallRule is null ? SchemaKeywords.Name : SchemaKeywords.CallRule, old.CallRule, now.CallRule);
        else if (old.CallRule is null && now.CallRule is not null)
            add(ContractChangeKind.CallRuleAdded, SchemaKeywords.CallRule, null, now.CallRule);

        var oldFrom = old.DefaultFrom is null ? null : newName.TryGetValue(old.DefaultFrom, out var n) ? n : old.DefaultFrom;
        if (!string.Equals(old.Default, now.Default, StringComparison.Ordinal) || !string.Equals(oldFrom, now.DefaultFrom, StringComparison.Ordinal))
            add(ContractChangeKind.DefaultChanged,
                now.Default is not null ? SchemaKeywords.Default : now.DefaultFrom is not null ? SchemaKeywords.DefaultFrom : SchemaKeywords.Name,
                DescribeDefault(old.Default, old.DefaultFrom), DescribeDefault(now.Default, now.DefaultFrom));
    }

    /// <summary>A default for people: <c>'yes'</c>, <c>the value of 'x'</c>, or null for none.</summary>
    private static string? DescribeDefault(string? literal, string? from) =>
        literal is not null ? "'" + literal + "'" : from is not null ? "the value of '" + from + "'" : null;

    private static string? Text(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
