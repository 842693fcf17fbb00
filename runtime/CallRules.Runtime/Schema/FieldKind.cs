namespace CallRules.Runtime.Schema;

/// <summary>The value type of a field, as the schema language names it.</summary>
public enum FieldKind
{
    /// <summary>A JSON string.</summary>
    String,
    /// <summary>A whole number: a JSON number or a numeric string.</summary>
    Integer,
    /// <summary>A string that must be one of a fixed list of values.</summary>
    Enum,
    /// <summary>A JSON object, kept as raw JSON text.</summary>
    Object,
}
