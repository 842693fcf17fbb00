using System.Collections.Generic;

namespace CallRules.Runtime.Schema;

/// <summary>
/// What the schema says about one field, as data. Generated code fills these in; the runtime reads
/// them to write documentation and JSON Schemas without knowing any field by name.
/// </summary>
public sealed class FieldInfo
{
    /// <summary>The wire name: the JSON property name in definition files.</summary>
    public required string Name { get; init; }
    /// <summary>The C# property name.</summary>
    public required string Property { get; init; }
    /// <summary>The value type.</summary>
    public required FieldKind Kind { get; init; }
    /// <summary>The enum's C# type name for <see cref="FieldKind.Enum"/> fields.</summary>
    public string? EnumType { get; init; }
    /// <summary>Whether a definition must set the field.</summary>
    public bool Required { get; init; }
    /// <summary>What the field means, for people.</summary>
    public string? Description { get; init; }
    /// <summary>The allowed values of an enum, in schema order.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];
    /// <summary>A description per allowed value, where the schema gives one.</summary>
    public IReadOnlyDictionary<string, string> ValueDescriptions { get; init; } = new Dictionary<string, string>();
    /// <summary>The literal default, as wire text; null when none.</summary>
    public string? Default { get; init; }
    /// <summary>The wire name of the field whose value is the default; null when none.</summary>
    public string? DefaultFrom { get; init; }
    /// <summary>Wire value → the value written to the call rules.</summary>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();
    /// <summary>The call-rule key; null when the field is not written to the call rules.</summary>
    public string? CallRule { get; init; }
    /// <summary>The maximum length of a string, in characters.</summary>
    public int? MaxLength { get; init; }
    /// <summary>The minimum length of a string, in characters.</summary>
    public int? MinLength { get; init; }
    /// <summary>The smallest allowed integer.</summary>
    public long? Minimum { get; init; }
    /// <summary>The largest allowed integer.</summary>
    public long? Maximum { get; init; }
    /// <summary>A regular expression the whole string must match.</summary>
    public string? Pattern { get; init; }
    /// <summary>A named format: <c>date-time</c>, <c>time-zone</c> or <c>utc-offset</c>.</summary>
    public string? Format { get; init; }
    /// <summary>Whether the value is a secret, never shown in messages.</summary>
    public bool Secret { get; init; }
    /// <summary>When set, the field is not supported and a definition that sets it gets this message.</summary>
    public string? Unsupported { get; init; }
    /// <summary>
    /// When set, the field is deprecated: a definition that sets it gets a warning (<see cref="ErrorCodes.Deprecated"/>)
    /// with this message, which says what to use instead.
    /// </summary>
    public string? Deprecated { get; init; }
    /// <summary>
    /// The field's earlier wire names: a definition that uses one is read as this field, with a warning
    /// (<see cref="ErrorCodes.EarlierName"/>).
    /// </summary>
    public IReadOnlyList<string> RenamedFrom { get; init; } = [];
}
