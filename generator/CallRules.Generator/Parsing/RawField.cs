using System.Collections.Generic;
using System.Linq;
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
    public string? Deprecated { get; set; }
    /// <summary>The earlier wire names (<c>renamedFrom</c>), each with its span.</summary>
    public List<(string Name, TextSpan Span)> RenamedFrom { get; } = new List<(string Name, TextSpan Span)>();

    /// <summary>The C# property: the one given, else derived from the wire name.</summary>
    public string? EffectiveProperty => HasError ? null : Property ?? (Name is null ? null : DerivedProperty(Name));

    // The property derived from the wire name, kept for the name it was derived from: the checks ask for it several times.
    private string? _derivedFrom;
    private string? _derivedProperty;

    private string DerivedProperty(string name)
    {
        if (!ReferenceEquals(_derivedFrom, name))
        {
            _derivedProperty = Naming.ToPascalCase(name);
            _derivedFrom = name;
        }
        return _derivedProperty!;
    }

    /// <summary>The enum type: the one given, else the property name.</summary>
    public string? EffectiveEnumType => EnumType ?? EffectiveProperty;

    public string DisplayName => Name is null ? $"field #{Index + 1}" : $"'{Name}'";

    public string DisplayNameBare => Name ?? $"#{Index + 1}";

    public string DisplayNameCapital => Name is null ? $"Field #{Index + 1}" : $"Field '{Name}'";

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
        Examples.ToEquatableArray(),
        Deprecated,
        RenamedFrom.Select(r => r.Name).ToEquatableArray());
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
