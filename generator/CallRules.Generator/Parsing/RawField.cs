using System.Collections.Generic;
using System.Text.RegularExpressions;
using CallRules.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>
/// A field as written in the schema file, with the spans of its keywords, while the parser checks it. It is
/// mutable and knows spans, so it never leaves the parser: <see cref="ToSpec"/> makes the plain spec.
/// </summary>
internal sealed class RawField
{
    public RawField(int index, JsonObjectNode node)
    {
        Index = index;
        Node = node;
        NameSpan = new TextSpan(node.Span.Start, 1);
    }

    public int Index { get; }
    public JsonObjectNode Node { get; }
    public bool HasError { get; set; }

    public string? Name { get; set; }
    public TextSpan NameSpan { get; set; }
    public string? Property { get; set; }
    public TextSpan PropertySpan { get; set; }
    public FieldType? Type { get; set; }
    public TextSpan TypeSpan { get; set; }
    public bool Required { get; set; }
    public bool Secret { get; set; }
    public string? Description { get; set; }
    public string? Unsupported { get; set; }
    public JsonProperty? ValuesProperty { get; set; }
    public List<RawValue> Values { get; } = new List<RawValue>();
    public string? EnumType { get; set; }
    public TextSpan EnumTypeSpan { get; set; }
    public JsonProperty? DefaultProperty { get; set; }
    public string? Default { get; set; }
    public string? DefaultFromName { get; set; }
    public TextSpan DefaultFromSpan { get; set; }
    public RawField? DefaultFrom { get; set; }
    public JsonProperty? MapProperty { get; set; }
    public Dictionary<string, string> Map { get; } = new Dictionary<string, string>();
    public string? CallRule { get; set; }
    public TextSpan CallRuleSpan { get; set; }
    public int? MaxLength { get; set; }
    public int? MinLength { get; set; }
    public long? Minimum { get; set; }
    public long? Maximum { get; set; }
    public string? Pattern { get; set; }
    /// <summary>Whether <see cref="Pattern"/> compiled, so defaults can be checked against it.</summary>
    public bool PatternChecked { get; set; }
    public string? Format { get; set; }
    public List<JsonProperty> Limits { get; } = new List<JsonProperty>();
    public List<string> Examples { get; } = new List<string>();

    /// <summary>The C# property: the one given, else derived from the wire name.</summary>
    public string? EffectiveProperty => HasError ? null : Property ?? (Name is null ? null : Naming.ToPascalCase(Name));

    /// <summary>The enum type: the one given, else the property name.</summary>
    public string? EffectiveEnumType => EnumType ?? EffectiveProperty;

    public string DisplayName => Name is null ? $"field #{Index + 1}" : $"'{Name}'";

    public string DisplayNameBare => Name ?? $"#{Index + 1}";

    public string DisplayNameCapital => Name is null ? $"Field #{Index + 1}" : $"Field '{Name}'";

    /// <summary>
    /// How patterns run, at build time and in generated validators: without backtracking, so matching takes time
    /// linear in the value and no definition can make validation hang. (The constant is .NET 7's
    /// <c>RegexOptions.NonBacktracking</c>, which netstandard2.0 does not name; the .NET 10 compiler host has it.)
    /// </summary>
    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant | (RegexOptions)0x400;

    /// <summary>A schema pattern must match the whole value.</summary>
    public static string Anchor(string pattern) => @"\A(?:" + pattern + @")\z";

    public FieldSpec ToSpec() => new FieldSpec(
        Index,
        Name!,
        EffectiveProperty!,
        Type!.Value,
        Type == FieldType.Enum ? EffectiveEnumType : null,
        Required,
        Description,
        Default,
        DefaultFrom?.Index ?? -1,
        CallRule,
        MaxLength,
        MinLength,
        Minimum,
        Maximum,
        Pattern,
        Format,
        Secret,
        Unsupported,
        Examples.ToEquatableArray());
}

/// <summary>An enum value as written: wire text, C# member name, description.</summary>
internal sealed class RawValue
{
    public RawValue(string wire, string identifier, string? description)
    {
        Wire = wire;
        Identifier = identifier;
        Description = description;
    }

    public string Wire { get; }
    public string Identifier { get; }
    public string? Description { get; }
}

/// <summary>
/// The schema language's named formats, checked at build time for default values. The runtime checks
/// definitions with its own <c>ValueFormats</c>; both follow docs/schema-language.md.
/// </summary>
internal static class FormatChecks
{
    private static readonly Regex s_dateTime = new Regex(
        @"\A\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?\z", RegexOptions.CultureInvariant);
    private static readonly Regex s_timeZone = new Regex(
        @"\A(?:[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z][A-Za-z0-9_+-]*)+|[A-Z][A-Za-z0-9_+-]*)\z", RegexOptions.CultureInvariant);
    private static readonly Regex s_utcOffset = new Regex(
        @"\A(?<sign>[+-]?)(?<hours>[0-9]{1,2})(?::(?<minutes>00|30|45))?\z", RegexOptions.CultureInvariant);

    public static bool IsValid(string format, string value) => format switch
    {
        "date-time" => s_dateTime.IsMatch(value),
        "time-zone" => s_timeZone.IsMatch(value),
        "utc-offset" => IsUtcOffset(value),
        _ => false,
    };

    // From UTC-12:00 to UTC+14:00, as the runtime's ValueFormats checks it.
    private static bool IsUtcOffset(string value)
    {
        var match = s_utcOffset.Match(value);
        if (!match.Success) return false;
        var minutes = int.Parse(match.Groups["hours"].Value, System.Globalization.CultureInfo.InvariantCulture) * 60
            + (match.Groups["minutes"].Success ? int.Parse(match.Groups["minutes"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        if (match.Groups["sign"].Value == "-") minutes = -minutes;
        return minutes >= -12 * 60 && minutes <= 14 * 60;
    }
}
