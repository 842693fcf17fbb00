// One list, two builds: compiled into the generator, whose parser reads schema files by these names, and into the
// runtime, which reads schema files at run time (callrules baseline, schema-diff) and names the keywords of schema
// changes. Internal in both. See ValueFormats.cs for what C# is allowed here.
#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Schema;
#endif

/// <summary>
/// The keywords of the schema language (docs/schema-language.md, schema/callrules-schema.json), in one place: the
/// parsers read them by these names and suggest from these lists.
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
    public const string Removed = "removed";
    public const string AllowBreaking = "allowBreaking";

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
    public const string Deprecated = "deprecated";
    public const string RenamedFrom = "renamedFrom";

    // An entry of "removed" (also Name) and of "allowBreaking".
    public const string Reason = "reason";
    public const string Rule = "rule";
    public const string Field = "field";

    // An enum value written as an object (also Description).
    public const string Value = "value";

    /// <summary>The keywords of the schema object.</summary>
    public static readonly string[] OfSchema = { JsonSchema, Name, Namespace, Description, Key, Fields, Removed, AllowBreaking };

    /// <summary>The keywords of a field.</summary>
    public static readonly string[] OfField =
    {
        Name, Property, Type, Required, Description, Values, EnumType, Default, DefaultFrom, Map, CallRule, MaxLength,
        MinLength, Minimum, Maximum, Pattern, Format, Secret, Unsupported, Examples, Deprecated, RenamedFrom,
    };

    /// <summary>The keywords of an entry of <see cref="Removed"/>.</summary>
    public static readonly string[] OfRemoved = { Name, Reason };

    /// <summary>The keywords of an entry of <see cref="AllowBreaking"/>.</summary>
    public static readonly string[] OfAllowBreaking = { Rule, Field, Reason };

    /// <summary>The keywords of an enum value object.</summary>
    public static readonly string[] OfEnumValue = { Value, Description };

    /// <summary>The field types, in the order of the generator's <c>FieldType</c> and the runtime's <c>FieldKind</c>.</summary>
    public static readonly string[] Types = { "string", "integer", "enum", "object" };
}
