using System;
using System.Collections.Generic;
using System.Linq;
using CallRules.Generator.Common;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>
/// How a schema changes safely: the keywords <c>removed</c> and <c>allowBreaking</c>, the wire names that
/// <c>renamedFrom</c> and <c>removed</c> reserve, and the check of the schema against its shipped baseline, whose
/// breaking changes are reported at the keyword that changed (the rules are common/SchemaContracts.cs).
/// </summary>
internal sealed partial class SchemaParser
{
    private readonly List<RawRemoved> _removed = new List<RawRemoved>();
    private readonly List<RawAllowance> _allowances = new List<RawAllowance>();
    private JsonObjectNode? _root;
    private List<RawField> _fields = new List<RawField>();

    private void ReadRemoved(JsonProperty property)
    {
        if (Expect<JsonArrayNode>(property, "an array of objects with a 'name' and a 'reason'") is not { } entries) return;
        if (entries.Items.Count == 0)
            Report(DiagnosticDescriptors.EmptyArray, entries.Span, SchemaKeywords.Removed, "removed wire name");
        foreach (var item in entries.Items)
        {
            if (item is not JsonObjectNode entry)
            {
                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, SchemaKeywords.Removed, "an array of objects with a 'name' and a 'reason'", "an array with " + item.KindName + " in it");
                continue;
            }
            string? name = null, reason = null;
            var nameSpan = new TextSpan(entry.Span.Start, 1);
            foreach (var keyword in ReadKeywords(entry, "an entry of \"" + SchemaKeywords.Removed + "\"", SchemaKeywords.OfRemoved))
            {
                if (keyword.Name == SchemaKeywords.Name)
                {
                    name = ExpectString(keyword);
                    nameSpan = keyword.Value.Span;
                    if (name is not null && !Naming.IsValidWireName(name))
                    {
                        Report(DiagnosticDescriptors.InvalidWireName, keyword.Value.Span, name);
                        name = null;
                    }
                }
                else
                {
                    reason = ExpectSentence(keyword, "a sentence that says why the field was removed and what to do instead");
                }
            }
            RequireKeywords(entry, "An entry of \"" + SchemaKeywords.Removed + "\"", SchemaKeywords.Name, "the wire name that was removed", SchemaKeywords.Reason, "why it was removed and what to do instead");
            if (name is not null && reason is not null)
                _removed.Add(new RawRemoved(name, nameSpan, reason));
        }
    }

    private void ReadAllowBreaking(JsonProperty property)
    {
        if (Expect<JsonArrayNode>(property, "an array of objects with a 'rule', a 'field' and a 'reason'") is not { } entries) return;
        foreach (var item in entries.Items)
        {
            if (item is not JsonObjectNode entry)
            {
                Report(DiagnosticDescriptors.WrongKeywordValue, item.Span, SchemaKeywords.AllowBreaking, "an array of objects with a 'rule', a 'field' and a 'reason'", "an array with " + item.KindName + " in it");
                continue;
            }
            var allowance = new RawAllowance(new TextSpan(entry.Span.Start, 1));
            var valid = true;
            foreach (var keyword in ReadKeywords(entry, "an entry of \"" + SchemaKeywords.AllowBreaking + "\"", SchemaKeywords.OfAllowBreaking))
            {
                switch (keyword.Name)
                {
                    case SchemaKeywords.Rule:
                        allowance.Rule = ExpectString(keyword);
                        allowance.RuleSpan = keyword.Value.Span;
                        if (allowance.Rule is not null && !DiagnosticDescriptors.BreakingIds.Contains(allowance.Rule))
                        {
                            Report(DiagnosticDescriptors.UnknownBreakingRule, keyword.Value.Span, allowance.Rule, Naming.DidYouMean(allowance.Rule, DiagnosticDescriptors.BreakingIds));
                            valid = false;
                        }
                        break;
                    case SchemaKeywords.Field:
                        allowance.Field = ExpectString(keyword);
                        allowance.FieldSpan = keyword.Value.Span;
                        break;
                    default:
                        allowance.Reason = ExpectSentence(keyword, "a sentence that says why the break is intended");
                        break;
                }
            }
            valid &= RequireKeywords(entry, "An entry of \"" + SchemaKeywords.AllowBreaking + "\"", SchemaKeywords.Rule, "the ID of the breaking change, such as \"CRG045\"", SchemaKeywords.Reason, "why the break is intended");
            if (valid && allowance.Rule is not null && allowance.Reason is not null)
                _allowances.Add(allowance);
        }
    }

    /// <summary>The keywords of an entry object, each once; an unknown or repeated one is reported and skipped.</summary>
    private IEnumerable<JsonProperty> ReadKeywords(JsonObjectNode entry, string what, string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in entry.Properties)
        {
            if (!seen.Add(keyword.Name))
                Report(DiagnosticDescriptors.DuplicateKeyword, keyword.NameSpan, keyword.Name, what);
            else if (Array.IndexOf(known, keyword.Name) < 0)
                Report(DiagnosticDescriptors.UnknownKeyword, keyword.NameSpan, keyword.Name, what, Naming.DidYouMean(keyword.Name, known));
            else
                yield return keyword;
        }
    }

    private bool RequireKeywords(JsonObjectNode entry, string what, string first, string firstHolds, string second, string secondHolds)
    {
        var ok = true;
        foreach (var (keyword, holds) in new[] { (first, firstHolds), (second, secondHolds) })
        {
            if (entry.Properties.Any(p => p.Name == keyword)) continue;
            Report(DiagnosticDescriptors.MissingKeyword, new TextSpan(entry.Span.Start, 1), what, keyword, holds);
            ok = false;
        }
        return ok;
    }

    /// <summary>
    /// A wire name is one thing: a field's name, an earlier name of one field, or a removed name. Definitions name
    /// fields by wire name, so a name that meant two things would be read as either.
    /// </summary>
    private void CheckReservedNames(List<RawField> fields)
    {
        var taken = new Dictionary<string, (string What, TextSpan Span)>(StringComparer.Ordinal);
        foreach (var field in fields)
            if (field.Name is not null && !taken.ContainsKey(field.Name))
                taken.Add(field.Name, ("a field's name", field.NameSpan));
        void Claim(string name, TextSpan span, string what)
        {
            if (taken.TryGetValue(name, out var first))
                Report(DiagnosticDescriptors.WireNameTaken, span, name, first.What, Line(first.Span).ToString(System.Globalization.CultureInfo.InvariantCulture));
            else
                taken.Add(name, (what, span));
        }
        foreach (var field in fields)
            foreach (var (name, span) in field.RenamedFrom)
                Claim(name, span, $"an earlier name of field '{field.Name}'");
        foreach (var removed in _removed)
            Claim(removed.Name, removed.NameSpan, "a removed name");
    }

    /// <summary>
    /// Compares the schema, already valid as <paramref name="spec"/>, with its shipped baseline and reports every
    /// breaking change an <c>allowBreaking</c> entry does not allow, at the keyword that changed.
    /// </summary>
    private void CheckAgainstBaseline(SchemaSpec spec, SchemaSpec? baseline, string? baselineFileName)
    {
        var changes = baseline is null ? new List<ContractChange>() : SchemaContracts.Compare(ContractOf(baseline), ContractOf(spec));
        if (baseline is not null)
        {
            var known = new HashSet<string>(spec.Fields.Select(f => f.WireName)
                .Concat(spec.Fields.SelectMany(f => f.RenamedFrom))
                .Concat(spec.Removed.Select(r => r.Name))
                .Concat(baseline.Fields.Select(f => f.WireName))
                .Concat(baseline.Fields.SelectMany(f => f.RenamedFrom)), StringComparer.Ordinal);
            foreach (var allowance in _allowances.Where(a => a.Field is not null && !known.Contains(a.Field!)).ToList())
            {
                Report(DiagnosticDescriptors.UnknownAllowedField, allowance.FieldSpan, allowance.Field!, Naming.DidYouMean(allowance.Field!, known));
                _allowances.Remove(allowance);
            }
        }

        foreach (var change in changes.Where(c => c.IsBreaking))
        {
            var descriptor = DiagnosticDescriptors.ForBreaking(change.Kind);
            var allowance = _allowances.FirstOrDefault(a => a.Rule == descriptor.Id && (a.Field is null || a.Field == change.Field || a.Field == change.Old));
            if (allowance is not null)
            {
                allowance.Used = true;
                continue;
            }
            Report(descriptor, Locate(change), ArgumentsOf(change, spec, baseline!));
        }

        var against = baseline is null
            ? $"a shipped baseline (there is none: no {BaselineFileNameFor(_path)} is among the additional files)"
            : $"the shipped baseline {baselineFileName}";
        foreach (var allowance in _allowances.Where(a => !a.Used))
            Report(DiagnosticDescriptors.AllowBreakingUnused, allowance.EntrySpan,
                allowance.Field is null ? allowance.Rule! : $"{allowance.Rule} on '{allowance.Field}'", against);
    }

    /// <summary>The baseline file of a schema file: <c>x.schema.json</c> → <c>x.schema.shipped.json</c>.</summary>
    public static string BaselineFileNameFor(string schemaPath)
    {
        var name = FileName(schemaPath);
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? name.Substring(0, name.Length - ".json".Length) + ".shipped.json"
            : name + ".shipped.json";
    }

    /// <summary>Where a change is reported: the keyword that changed, else the field's name, else the schema's keyword.</summary>
    private TextSpan Locate(ContractChange change)
    {
        var field = change.Field is null ? null : _fields.FirstOrDefault(f => f.Name == change.Field);
        if (field is not null)
        {
            // A change of the field as a whole (renamed, reused, a keyword dropped) is shown at its wire name.
            var keyword = change.Keyword == SchemaKeywords.Name ? null : field.Node.Properties.FirstOrDefault(p => p.Name == change.Keyword);
            return keyword?.NameSpan ?? field.NameSpan;
        }
        var top = _root!.Properties.FirstOrDefault(p => p.Name == change.Keyword)
            ?? _root.Properties.FirstOrDefault(p => p.Name == SchemaKeywords.Fields);
        return top?.NameSpan ?? new TextSpan(_root.Span.Start, 1);
    }

    private static string[] ArgumentsOf(ContractChange change, SchemaSpec spec, SchemaSpec baseline)
    {
        var field = change.Field ?? "";
        string Quoted(string? text) => text is null ? "none" : "'" + text + "'";
        switch (change.Kind)
        {
            case ContractChangeKind.FieldRemoved:
            case ContractChangeKind.RemovedNameReused:
                return new[] { change.Old ?? field };
            case ContractChangeKind.FieldRenamed:
                var old = baseline.Fields.First(f => f.WireName == change.Old);
                var now = spec.Fields.First(f => f.WireName == change.Field);
                var same = old.CallRule is not null && old.CallRule == now.CallRule ? $"call-rule key '{now.CallRule}'" : $"C# name '{now.Property}'";
                return new[] { field, change.Old!, same };
            case ContractChangeKind.CSharpNameChanged:
                var what = change.Field is null ? "the definition type"
                    : change.Keyword == SchemaKeywords.EnumType ? $"the enum type of field '{field}'" : $"field '{field}'";
                return new[] { what, change.Old!, change.New!, change.Keyword };
            case ContractChangeKind.TypeChanged:
                return new[] { field, change.Old!, change.New! };
            case ContractChangeKind.NewRequired:
                return new[] { field, change.Old == "optional" ? "was optional in the shipped baseline" : "is not in the shipped baseline" };
            case ContractChangeKind.EnumValueRemoved:
                return new[] { field, string.Join(", ", change.Old!.Split(new[] { ", " }, StringSplitOptions.None).Select(v => "'" + v + "'")) };
            case ContractChangeKind.LimitTightened:
                return new[] { field, change.Keyword, change.New!, change.Old is null ? "none" : change.Keyword + " " + change.Old };
            case ContractChangeKind.PatternOrFormatChanged:
                return new[] { field, change.Keyword, change.New!, change.Old is null ? "none" : Quoted(change.Old) };
            case ContractChangeKind.CallRuleChanged:
                return new[] { field, change.Old!, change.New is null ? "none" : Quoted(change.New) };
            case ContractChangeKind.MapChanged:
                return new[] { field, change.New! };
            case ContractChangeKind.DefaultChanged:
                return new[] { field, change.Old ?? "none", change.New ?? "none" };
            case ContractChangeKind.KeyChanged:
                return new[] { change.Old!, change.New! };
            default:
                return new[] { field };
        }
    }

    /// <summary>What a checked schema promises, for the comparison with its baseline.</summary>
    public static SchemaContract ContractOf(SchemaSpec spec)
    {
        var fields = spec.Fields.Select(f =>
        {
            var enumSpec = f.EnumType is null ? null : spec.Enums.FirstOrDefault(e => e.TypeName == f.EnumType);
            var values = enumSpec?.Members.Select(m => m.WireValue).ToList() ?? new List<string>();
            var targets = enumSpec?.Members.Select(m => m.CallRuleValue).ToList() ?? new List<string>();
            return new FieldContract(f.WireName, f.Property, SchemaKeywords.Types[(int)f.Type], f.EnumType, f.Required, values, targets,
                f.Default, f.DefaultFrom >= 0 ? spec.Fields[f.DefaultFrom].WireName : null, f.CallRule, f.MaxLength, f.MinLength,
                f.Minimum, f.Maximum, f.Pattern, f.Format, f.Secret, f.Unsupported, f.Deprecated, f.RenamedFrom.ToList());
        }).ToList();
        return new SchemaContract(spec.TypeName, spec.Key.Select(i => spec.Fields[i].WireName).ToList(), fields,
            spec.Removed.Select(r => r.Name).ToList());
    }

    private sealed class RawRemoved
    {
        public RawRemoved(string name, TextSpan nameSpan, string reason)
        {
            Name = name;
            NameSpan = nameSpan;
            Reason = reason;
        }

        public string Name { get; }
        public TextSpan NameSpan { get; }
        public string Reason { get; }
    }

    private sealed class RawAllowance
    {
        public RawAllowance(TextSpan entrySpan) => EntrySpan = entrySpan;

        public TextSpan EntrySpan { get; }
        public string? Rule { get; set; }
        public TextSpan RuleSpan { get; set; }
        public string? Field { get; set; }
        public TextSpan FieldSpan { get; set; }
        public string? Reason { get; set; }
        public bool Used { get; set; }
    }
}
