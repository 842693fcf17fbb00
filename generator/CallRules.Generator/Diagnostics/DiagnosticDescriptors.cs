using System.Collections.Generic;
using CallRules.Generator.Common;
using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are stable: never reuse or renumber one. Each is listed in
/// AnalyzerReleases.Unshipped.md (RS2000 checks) and has a section in docs/diagnostics.md, which its help link
/// names. Diagnostics carry their descriptor (<see cref="Model.DiagnosticInfo"/>), so none is looked up by ID.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CallRules.Schema";

    public static readonly DiagnosticDescriptor MalformedJson = Error("CRG001",
        "Schema file is not valid JSON",
        "Schema file is not valid JSON: {0}");

    public static readonly DiagnosticDescriptor UnknownKeyword = Error("CRG002",
        "Unknown schema keyword",
        "'{0}' is not a keyword of {1}{2}");

    public static readonly DiagnosticDescriptor UnknownType = Error("CRG003",
        "Unknown field type",
        "Field '{0}' has type '{1}', which is not a schema type; use one of: string, integer, enum, object{2}");

    public static readonly DiagnosticDescriptor DuplicateFieldName = Error("CRG004",
        "Duplicate field name",
        "Field '{0}' is defined twice; the first definition is at line {1}; rename or remove one");

    public static readonly DiagnosticDescriptor DuplicateProperty = Error("CRG005",
        "Two fields have the same C# name",
        "Fields '{0}' and '{1}' both become the C# name '{2}'; set \"property\" on one of them");

    public static readonly DiagnosticDescriptor DuplicateCallRule = Error("CRG006",
        "Two fields have the same call-rule key",
        "Fields '{0}' and '{1}' both write the call-rule key '{2}'; call-rule keys must be unique");

    public static readonly DiagnosticDescriptor InvalidDefault = Error("CRG007",
        "Default value breaks the field's own rules",
        "The default of field '{0}' is not valid: {1}");

    public static readonly DiagnosticDescriptor UnknownDefaultFrom = Error("CRG008",
        "defaultFrom names an unknown field",
        "Field '{0}' takes its default from '{1}', which is not a field of this schema{2}");

    public static readonly DiagnosticDescriptor DefaultFromTypeMismatch = Error("CRG009",
        "defaultFrom names a field of another type",
        "Field '{0}' ({1}) takes its default from '{2}', which is {3}; a default must come from a field of the same type");

    public static readonly DiagnosticDescriptor DefaultFromCycle = Error("CRG010",
        "defaultFrom forms a cycle",
        "The defaults of fields form a cycle: {0}; break it by giving one field a literal default or none");

    public static readonly DiagnosticDescriptor MapMissingValue = Error("CRG011",
        "map does not cover every value",
        "The map of field '{0}' has no entry for the value '{1}'; map every allowed value");

    public static readonly DiagnosticDescriptor MapUnknownValue = Error("CRG012",
        "map maps a value that is not allowed",
        "The map of field '{0}' maps '{1}', which is not one of its values ({2}){3}");

    public static readonly DiagnosticDescriptor UnknownKeyField = Error("CRG013",
        "key names an unknown field",
        "The key names '{0}', which is not a field of this schema{1}");

    public static readonly DiagnosticDescriptor InvalidPattern = Error("CRG014",
        "pattern is not a valid regular expression",
        "The pattern of field '{0}' is not a valid regular expression for .NET without backtracking: {1} Fix the expression; backreferences and lookarounds are not supported");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error("CRG015",
        "Name is not a valid C# identifier",
        "{0} '{1}' is not a valid C# identifier{2}");

    public static readonly DiagnosticDescriptor WrongKeywordValue = Error("CRG016",
        "Keyword has a value of the wrong kind",
        "'{0}' must be {1}; found {2}");

    public static readonly DiagnosticDescriptor DuplicateKeyword = Error("CRG026",
        "Keyword given twice",
        "'{0}' is given twice in {1}; keep one");

    public static readonly DiagnosticDescriptor EmptyArray = Error("CRG027",
        "Array must not be empty",
        "'{0}' is an empty array; it must list at least one {1}");

    public static readonly DiagnosticDescriptor InvalidWireName = Error("CRG028",
        "Field name is not a valid wire name",
        "The field name '{0}' is not a valid wire name; a wire name is a letter followed by letters, digits, '-', '_' or '.'");

    public static readonly DiagnosticDescriptor UnsupportedRequired = Error("CRG029",
        "Unsupported field is required",
        "Field '{0}' is unsupported and required, so no definition could be valid; remove \"required\" or set it to false");

    public static readonly DiagnosticDescriptor InvalidMapTarget = Error("CRG030",
        "Mapped value cannot be written to a call-rule line",
        "The map of field '{0}' maps '{1}' to a value with a control character or line break, which a call-rule line cannot hold");

    public static readonly DiagnosticDescriptor DuplicateKeyField = Error("CRG031",
        "Key names a field twice",
        "The key names '{0}' twice; list each key field once");

    public static readonly DiagnosticDescriptor SchemaNotObject = Error("CRG032",
        "Schema is not a JSON object",
        "The schema file holds {0}; a schema is one JSON object with 'name', 'namespace', 'key' and 'fields'");

    public static readonly DiagnosticDescriptor EnumTypeCollision = Error("CRG033",
        "Enum type is named like the definition type",
        "The enum type of field '{0}' is named '{1}', like the definition type; set \"enumType\" to another name");

    public static readonly DiagnosticDescriptor MissingKeyword = Error("CRG017",
        "Required keyword is missing",
        "{0} needs the keyword '{1}', which holds {2}");

    public static readonly DiagnosticDescriptor KeywordNotForType = Error("CRG018",
        "Keyword does not apply to the field's type",
        "'{0}' does not apply to field '{1}' of type {2}; {3}");

    public static readonly DiagnosticDescriptor InvalidCallRuleKey = Error("CRG019",
        "Call-rule key is not valid",
        "The call-rule key '{0}' of field '{1}' is not valid; a key is an ASCII letter followed by ASCII letters and digits");

    public static readonly DiagnosticDescriptor UnknownFormat = Error("CRG020",
        "Unknown format",
        "Field '{0}' has format '{1}', which is not a known format; use one of: date-time, time-zone, utc-offset{2}");

    public static readonly DiagnosticDescriptor EnumValuesInvalid = Error("CRG021",
        "Enum values are not valid",
        "The values of field '{0}' are not valid: {1}");

    public static readonly DiagnosticDescriptor SharedEnumMismatch = Error("CRG022",
        "Fields that share an enum type disagree",
        "Field '{0}' uses enum type '{1}' with other values or another map than field '{2}'; fields that share an enumType must have the same values and map");

    public static readonly DiagnosticDescriptor InvalidRange = Error("CRG023",
        "Limits contradict each other",
        "Field '{0}' has {1} {2} greater than {3} {4}, so no value could be valid; lower {1} or raise {3}");

    public static readonly DiagnosticDescriptor NameCollision = Error("CRG024",
        "Property is named like a generated member",
        "Field '{0}' becomes the C# property '{1}', which the generated type '{2}' already uses; set \"property\" to another name");

    public static readonly DiagnosticDescriptor InvalidKeyField = Error("CRG025",
        "Key field is not a required string",
        "The key names '{0}', which is {1}; key fields must be required string fields, since their values name the call-rule section");

    // ---- Schema evolution: the keywords deprecated, renamedFrom, removed and allowBreaking ----

    public static readonly DiagnosticDescriptor WireNameTaken = Error("CRG050",
        "Wire name is used twice across fields, renamedFrom and removed",
        "The wire name '{0}' is already {1} (line {2}); a wire name may be one field's name, one earlier name (renamedFrom) or one removed name");

    public static readonly DiagnosticDescriptor DeprecatedRequired = Error("CRG051",
        "Deprecated field is required",
        "Field '{0}' is deprecated and required, so every definition must set it and then gets a warning; remove \"required\" or set it to false");

    public static readonly DiagnosticDescriptor UnknownBreakingRule = Error("CRG052",
        "allowBreaking names a rule that is not a breaking-change rule",
        "The \"allowBreaking\" entry names '{0}', which is not a breaking-change rule; use one of CRG034 to CRG048{1}");

    public static readonly DiagnosticDescriptor UnknownAllowedField = Error("CRG053",
        "allowBreaking names an unknown field",
        "The \"allowBreaking\" entry names the field '{0}', which is neither in the schema nor in its shipped baseline{1}");

    // ---- Breaking changes against the shipped baseline (<schema>.schema.shipped.json) ----

    public static readonly DiagnosticDescriptor FieldRemoved = Error("CRG034",
        "Wire name removed without \"removed\"",
        "The wire name '{0}' is in the shipped baseline but not in the schema, so definitions that use it will fail to compile; list it under \"removed\" with the reason, or name it in the \"renamedFrom\" of the field that replaces it");

    public static readonly DiagnosticDescriptor FieldRenamed = Error("CRG035",
        "Field renamed without \"renamedFrom\"",
        "Field '{0}' looks like the shipped field '{1}' renamed (it has its {2}), so definitions that use '{1}' will fail to compile; add \"renamedFrom\": [\"{1}\"] to read them as '{0}' with a warning");

    public static readonly DiagnosticDescriptor CSharpNameChanged = Error("CRG036",
        "C# name changed",
        "The C# name of {0} is '{2}' but was '{1}' in the shipped baseline, so code that uses '{1}' will not compile; set \"{3}\": \"{1}\" to keep it");

    public static readonly DiagnosticDescriptor TypeChanged = Error("CRG037",
        "Field type changed",
        "Field '{0}' is of type {2} but was {1} in the shipped baseline, so definitions written for it may no longer be read; add a field of the new type and deprecate this one");

    public static readonly DiagnosticDescriptor NewRequired = Error("CRG038",
        "Field newly required",
        "Field '{0}' is required but {1}, so every definition that leaves it out will fail to compile; keep it optional (a default gives the call rules a value when it is left out)");

    public static readonly DiagnosticDescriptor EnumValueRemoved = Error("CRG039",
        "Enum value removed",
        "Field '{0}' no longer allows {1}, which the shipped baseline allowed, so definitions that use it will fail to compile; keep the value until no definition uses it (say in its description what to use instead)");

    public static readonly DiagnosticDescriptor LimitTightened = Error("CRG040",
        "Limit tightened",
        "Field '{0}' has {1} {2}, stricter than {3} in the shipped baseline, so definitions valid today may fail to compile; keep the limit, or see which definitions break with 'callrules schema-diff' and allow the change with \"allowBreaking\"");

    public static readonly DiagnosticDescriptor PatternOrFormatChanged = Error("CRG041",
        "pattern or format added or changed",
        "Field '{0}' has the {1} '{2}' where the shipped baseline had {3}, so definitions valid today may fail to compile; see which with 'callrules schema-diff' and allow the change with \"allowBreaking\"");

    public static readonly DiagnosticDescriptor MadeUnsupported = Error("CRG042",
        "Field made unsupported",
        "Field '{0}' is unsupported now, so definitions that set it will fail to compile; mark it \"deprecated\" first, so they get a warning, and list it under \"removed\" when it goes");

    public static readonly DiagnosticDescriptor CallRuleChanged = Error("CRG043",
        "Call-rule key changed or removed",
        "Field '{0}' wrote the call-rule key '{1}' in the shipped baseline and now writes {2}, so SIP servers that read '{1}' stop getting its line; keep the key (a new key belongs to a new field)");

    public static readonly DiagnosticDescriptor MapChanged = Error("CRG044",
        "map target changed",
        "The map of field '{0}' changed ({1}), so the call rules of every definition with that value change; keep the map, or review the effect with 'callrules schema-diff' and allow it with \"allowBreaking\"");

    public static readonly DiagnosticDescriptor DefaultChanged = Error("CRG045",
        "default or defaultFrom changed",
        "The default of field '{0}' is {2} but was {1} in the shipped baseline, so the call rules of every definition that leaves it out change; review the effect with 'callrules schema-diff' and allow it with \"allowBreaking\"");

    public static readonly DiagnosticDescriptor SecretRemoved = Error("CRG046",
        "secret removed",
        "Field '{0}' is no longer secret, so its values would appear in messages and logs; keep \"secret\": true");

    public static readonly DiagnosticDescriptor KeyChanged = Error("CRG047",
        "key changed",
        "The key is [{1}] but was [{0}] in the shipped baseline, so every call-rule section is named anew and definitions that were distinct may clash; keep the key");

    public static readonly DiagnosticDescriptor RemovedNameReused = Error("CRG048",
        "Removed wire name used again",
        "The wire name '{0}' is listed under \"removed\" in the shipped baseline, so it may not name a field again or leave the list: definitions written for its old meaning would be read with a new one; keep it under \"removed\" and choose another name");

    public static readonly DiagnosticDescriptor AllowBreakingUnused = Warning("CRG049",
        "allowBreaking entry matches no breaking change",
        "The \"allowBreaking\" entry for {0} matches no breaking change against {1}; remove it (once a baseline is refreshed, the entries for the changes it shipped are stale)");

    public static readonly DiagnosticDescriptor RenderFailed = Error("CRG099",
        "Code generation failed",
        "Generating code for '{0}' failed: {1}; this is a bug in CallRules.Generator, please report it");

    /// <summary>Every descriptor, for the tests and the docs check (a test holds it equal to the fields above).</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        MalformedJson, UnknownKeyword, UnknownType, DuplicateFieldName, DuplicateProperty, DuplicateCallRule,
        InvalidDefault, UnknownDefaultFrom, DefaultFromTypeMismatch, DefaultFromCycle, MapMissingValue,
        MapUnknownValue, UnknownKeyField, InvalidPattern, InvalidIdentifier, WrongKeywordValue, MissingKeyword,
        KeywordNotForType, InvalidCallRuleKey, UnknownFormat, EnumValuesInvalid, SharedEnumMismatch, InvalidRange,
        NameCollision, InvalidKeyField, DuplicateKeyword, EmptyArray, InvalidWireName, UnsupportedRequired,
        InvalidMapTarget, DuplicateKeyField, SchemaNotObject, EnumTypeCollision, WireNameTaken, DeprecatedRequired,
        UnknownBreakingRule, UnknownAllowedField, FieldRemoved, FieldRenamed, CSharpNameChanged, TypeChanged, NewRequired,
        EnumValueRemoved, LimitTightened, PatternOrFormatChanged, MadeUnsupported, CallRuleChanged, MapChanged,
        DefaultChanged, SecretRemoved, KeyChanged, RemovedNameReused, AllowBreakingUnused, RenderFailed,
    };

    /// <summary>The descriptor of each breaking change of a schema against its shipped baseline.</summary>
    public static DiagnosticDescriptor ForBreaking(ContractChangeKind kind) => kind switch
    {
        ContractChangeKind.FieldRemoved => FieldRemoved,
        ContractChangeKind.FieldRenamed => FieldRenamed,
        ContractChangeKind.CSharpNameChanged => CSharpNameChanged,
        ContractChangeKind.TypeChanged => TypeChanged,
        ContractChangeKind.NewRequired => NewRequired,
        ContractChangeKind.EnumValueRemoved => EnumValueRemoved,
        ContractChangeKind.LimitTightened => LimitTightened,
        ContractChangeKind.PatternOrFormatChanged => PatternOrFormatChanged,
        ContractChangeKind.MadeUnsupported => MadeUnsupported,
        ContractChangeKind.CallRuleChanged => CallRuleChanged,
        ContractChangeKind.MapChanged => MapChanged,
        ContractChangeKind.DefaultChanged => DefaultChanged,
        ContractChangeKind.SecretRemoved => SecretRemoved,
        ContractChangeKind.KeyChanged => KeyChanged,
        ContractChangeKind.RemovedNameReused => RemovedNameReused,
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "not a breaking change"),
    };

    /// <summary>The IDs an <c>allowBreaking</c> entry may name: one per breaking change.</summary>
    public static IReadOnlyList<string> BreakingIds { get; } = new[]
    {
        FieldRemoved.Id, FieldRenamed.Id, CSharpNameChanged.Id, TypeChanged.Id, NewRequired.Id, EnumValueRemoved.Id,
        LimitTightened.Id, PatternOrFormatChanged.Id, MadeUnsupported.Id, CallRuleChanged.Id, MapChanged.Id,
        DefaultChanged.Id, SecretRemoved.Id, KeyChanged.Id, RemovedNameReused.Id,
    };

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpLinks.ForDiagnostic(id));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpLinks.ForDiagnostic(id));
}
