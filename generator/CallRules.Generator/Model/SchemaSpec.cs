namespace CallRules.Generator.Model;

/// <summary>
/// What one schema file means, already checked: everything the emitters need and nothing else.
/// </summary>
/// <remarks>
/// Specs flow down the incremental pipeline and are compared by value to decide whether to re-emit, so they
/// hold only strings, numbers, enums and <see cref="EquatableArray{T}"/>s: no symbols, syntax, locations or
/// compilations (which would defeat caching and keep compilations alive). Locations live in diagnostics only.
/// </remarks>
/// <param name="SchemaFileName">The schema file's name without folders, e.g. <c>connection.schema.json</c>.</param>
/// <param name="TypeName">The C# type name of one definition.</param>
/// <param name="Namespace">The C# namespace of the generated types.</param>
/// <param name="Description">What one definition is.</param>
/// <param name="Key">Indexes into <paramref name="Fields"/> of the key fields, in key order.</param>
/// <param name="Fields">The fields, in schema order.</param>
/// <param name="Enums">The enum types the fields use, in order of first use.</param>
/// <param name="Removed">The wire names that were removed from the schema, each with the reason (<c>removed</c>).</param>
internal sealed record SchemaSpec(
    string SchemaFileName,
    string TypeName,
    string Namespace,
    string? Description,
    EquatableArray<int> Key,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<EnumSpec> Enums,
    EquatableArray<RemovedSpec> Removed);

/// <summary>A wire name the schema no longer has, and why (<c>removed</c>).</summary>
/// <param name="Name">The wire name.</param>
/// <param name="Reason">Why it was removed and what to do instead, as a sentence.</param>
internal sealed record RemovedSpec(string Name, string Reason);

/// <summary>The value type of a field.</summary>
internal enum FieldType
{
    String,
    Integer,
    Enum,
    Object,
}

/// <summary>One field of a schema, checked.</summary>
/// <param name="Index">The field's position in the schema.</param>
/// <param name="WireName">The JSON property name.</param>
/// <param name="Property">The C# property name (a valid identifier, not a keyword).</param>
/// <param name="Type">The value type.</param>
/// <param name="EnumType">The enum's C# type name, for enum fields.</param>
/// <param name="Required">Whether a definition must set the field.</param>
/// <param name="Description">What the field means.</param>
/// <param name="Default">The literal default as wire text (decimal for integers), or null.</param>
/// <param name="DefaultFrom">The index of the field whose value is the default, or -1.</param>
/// <param name="CallRule">The call-rule key, or null.</param>
/// <param name="MaxLength">Maximum string length, or null.</param>
/// <param name="MinLength">Minimum string length, or null.</param>
/// <param name="Minimum">Smallest integer, or null.</param>
/// <param name="Maximum">Largest integer, or null.</param>
/// <param name="Pattern">The regular expression the whole value must match, as written in the schema.</param>
/// <param name="Format">A named format (<c>date-time</c>, <c>time-zone</c>, <c>utc-offset</c>), or null.</param>
/// <param name="Secret">Whether the value must never appear in messages.</param>
/// <param name="Unsupported">The message for a definition that sets this field, or null.</param>
/// <param name="Examples">Example values, for documentation.</param>
/// <param name="Deprecated">Why the field is deprecated and what replaces it, or null.</param>
/// <param name="RenamedFrom">The field's earlier wire names, read as this field with a warning.</param>
internal sealed record FieldSpec(
    int Index,
    string WireName,
    string Property,
    FieldType Type,
    string? EnumType,
    bool Required,
    string? Description,
    string? Default,
    int DefaultFrom,
    string? CallRule,
    int? MaxLength,
    int? MinLength,
    long? Minimum,
    long? Maximum,
    string? Pattern,
    string? Format,
    bool Secret,
    string? Unsupported,
    EquatableArray<string> Examples,
    string? Deprecated,
    EquatableArray<string> RenamedFrom);

/// <summary>An enum type: its C# name and members.</summary>
internal sealed record EnumSpec(string TypeName, EquatableArray<EnumMemberSpec> Members);

/// <summary>One allowed value of an enum.</summary>
/// <param name="WireValue">The value in definition files.</param>
/// <param name="Identifier">The C# member name.</param>
/// <param name="Description">What the value means, or null.</param>
/// <param name="CallRuleValue">The value written to the call rules (the map's target, or the wire value).</param>
internal sealed record EnumMemberSpec(string WireValue, string Identifier, string? Description, string CallRuleValue);

/// <summary>The result of reading one schema file: a spec when it is valid, and its diagnostics.</summary>
internal sealed record SchemaParseResult(SchemaSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// The shipped baseline of one schema file (<c>x.schema.shipped.json</c> beside <c>x.schema.json</c>), read with the
/// schema parser: what the last released version of the schema promised.
/// </summary>
/// <param name="SchemaPath">The path of the schema file it belongs to.</param>
/// <param name="FileName">The baseline's file name, for messages.</param>
/// <param name="Spec">What the baseline says, when it is valid.</param>
/// <param name="Diagnostics">Mistakes in the baseline file, located in it.</param>
internal sealed record BaselineSpec(string SchemaPath, string FileName, SchemaSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
