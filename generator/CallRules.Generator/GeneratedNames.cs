namespace CallRules.Generator;

/// <summary>
/// The names the templates give members and locals of every generated definition type, in one list that the parser
/// (which refuses a field property that would collide with a member) and the view (which names each field's locals
/// around them) both read. A test compiles generated code and fails if a template declares a name not listed here.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>
    /// Members of every definition type: the <c>IDefinition&lt;T&gt;</c> members, the generated helpers, and the
    /// members of <see cref="object"/>. A field whose C# property has one of these names would collide.
    /// </summary>
    public static readonly string[] Members =
    {
        // IDefinition<T>
        "Source", "Key", "Schema", "Validate", "WithDefaults", "WriteCallRules", "ExplainCallRules", "ReadJson", "WriteJson",
        // Generated helpers
        "FieldCount", "FieldIndex", "FieldIndexOf", "ClearForRead", "s_fields",
        // object
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    /// <summary>
    /// Parameters and locals of the generated methods themselves; a field's own locals (<c>host</c>, <c>hostAt</c>)
    /// take other names.
    /// </summary>
    public static readonly string[] Locals =
    {
        "errors", "source", "writer", "reader", "context", "result", "positions", "at", "start", "index", "definition",
        "name", "value", "origins", "reuse",
    };
}
