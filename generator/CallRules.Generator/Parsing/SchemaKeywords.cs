namespace CallRules.Generator.Parsing;

/// <summary>
/// The keywords of the schema language (docs/schema-language.md, schema/callrules-schema.json), in one place: the
/// parser reads them by these names and suggests from these lists.
/// </summary>
internal static class SchemaKeywords
{
    // The schema object.
    public const string JsonSchema = "$schema";
    public const string Name = "name";
    public const string Namespace = "namespace";
    public const string Description = "description";
    public const string Key = "key";
    public const string Fields = "fields";

    // A field (also Name and Description).
    public const string Property = "property";
    public const string Type = "type";
    public const string Required = "required";
    public const string Values = "values";
    public const string EnumType = "enumType";
    public const string Default = "default";
    public const string DefaultFrom = "defaultFrom";
    public const string Map = "map";
    public const string CallRule = "callRule";
    public const string MaxLength = "maxLength";
    public const string MinLength = "minLength";
    public const string Minimum = "minimum";
    public const string Maximum = "maximum";
    public const string Pattern = "pattern";
    public const string Format = "format";
    public const string Secret = "secret";
    public const string Unsupported = "unsupported";
    public const string Examples = "examples";

    // An enum value written as an object (also Description).
    public const string Value = "value";

    /// <summary>The keywords of the schema object.</summary>
    public static readonly string[] OfSchema = { JsonSchema, Name, Namespace, Description, Key, Fields };

    /// <summary>The keywords of a field.</summary>
    public static readonly string[] OfField =
    {
        Name, Property, Type, Required, Description, Values, EnumType, Default, DefaultFrom, Map, CallRule, MaxLength,
        MinLength, Minimum, Maximum, Pattern, Format, Secret, Unsupported, Examples,
    };

    /// <summary>The keywords of an enum value object.</summary>
    public static readonly string[] OfEnumValue = { Value, Description };

    /// <summary>The field types, in the order of <see cref="Model.FieldType"/>.</summary>
    public static readonly string[] Types = { "string", "integer", "enum", "object" };
}
