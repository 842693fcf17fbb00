using System.Globalization;
using System.Linq;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Validation;

/// <summary>
/// Builds the errors that generated validators and readers report, so every field gets the same wording. A
/// message names the field and what is allowed; it shows the value only when the field is not secret.
/// </summary>
public static class FieldErrors
{
    /// <summary>A required field is missing or empty.</summary>
    public static DefinitionError Missing(DefinitionSource? source, int index, FieldInfo field) =>
        At(source, index, field, ErrorCodes.MissingRequired,
            $"'{field.Name}' is required{Expecting(field)}.");

    /// <summary>A string longer than the maximum.</summary>
    public static DefinitionError TooLong(DefinitionSource? source, int index, FieldInfo field, int length) =>
        At(source, index, field, ErrorCodes.TooLong,
            $"'{field.Name}' is {Count(length, "character")} long; the maximum is {field.MaxLength}.");

    /// <summary>A string shorter than the minimum.</summary>
    public static DefinitionError TooShort(DefinitionSource? source, int index, FieldInfo field, int length) =>
        At(source, index, field, ErrorCodes.TooShort,
            $"'{field.Name}' is {Count(length, "character")} long; the minimum is {field.MinLength}.");

    /// <summary>An integer outside the range.</summary>
    public static DefinitionError OutOfRange(DefinitionSource? source, int index, FieldInfo field, long value) =>
        At(source, index, field, ErrorCodes.OutOfRange,
            $"'{field.Name}' is {(field.Secret ? "out of range" : value.ToString(CultureInfo.InvariantCulture))}; it must be {Range(field)}.");

    /// <summary>A string that does not match the pattern.</summary>
    public static DefinitionError PatternMismatch(DefinitionSource? source, int index, FieldInfo field, string value) =>
        At(source, index, field, ErrorCodes.PatternMismatch,
            $"'{field.Name}'{Shown(field, value)} does not match the pattern {field.Pattern}.");

    /// <summary>A string not in the field's format.</summary>
    public static DefinitionError BadFormat(DefinitionSource? source, int index, FieldInfo field, string value) =>
        At(source, index, field, ErrorCodes.BadFormat,
            $"'{field.Name}'{Shown(field, value)} is not valid; expected {ValueFormats.Describe(field.Format!)}.");

    /// <summary>A field the schema marks unsupported.</summary>
    public static DefinitionError Unsupported(DefinitionSource? source, int index, FieldInfo field) =>
        At(source, index, field, ErrorCodes.Unsupported,
            $"'{field.Name}' is not supported: {field.Unsupported} Remove it from the definition.");

    /// <summary>A warning for a field the schema marks deprecated: its message says what to use instead.</summary>
    public static DefinitionError Deprecated(DefinitionSource? source, int index, FieldInfo field) =>
        At(source, index, field, ErrorCodes.Deprecated, $"'{field.Name}' is deprecated: {field.Deprecated}") with { Severity = Severity.Warning };

    /// <summary>A character that cannot be written to a call-rule line.</summary>
    public static DefinitionError ForbiddenCharacter(DefinitionSource? source, int index, FieldInfo field, string value, int at) =>
        At(source, index, field, ErrorCodes.ForbiddenCharacter,
            $"'{field.Name}' contains {CallRuleText.Describe(value[at])} at index {at}; call-rule values cannot hold control characters or line breaks.");

    /// <summary>A key field other than the last holds the section-name separator.</summary>
    public static DefinitionError KeySeparator(DefinitionSource? source, int index, FieldInfo field) =>
        At(source, index, field, ErrorCodes.KeySeparator,
            $"'{field.Name}' cannot contain '{DefinitionKey.Separator}': it separates the key fields in the call-rule section name.");

    /// <summary>A key field that is only white space.</summary>
    public static DefinitionError KeyOnlyWhiteSpace(DefinitionSource? source, int index, FieldInfo field) =>
        At(source, index, field, ErrorCodes.KeyLookAlike,
            $"'{field.Name}' is only white space; a key value must be visible text.");

    /// <summary>A key field that holds a character that makes different keys look the same.</summary>
    public static DefinitionError KeyLookAlike(DefinitionSource? source, int index, FieldInfo field, string value, int at) =>
        At(source, index, field, ErrorCodes.KeyLookAlike,
            $"'{field.Name}'{Shown(field, value)} contains {MessageText.Describe(char.ConvertToUtf32(value, at))} at index {at}; " +
            "key values cannot hold invisible, bidirectional-control or non-ASCII space characters, which make different keys look the same. Remove it.");

    /// <summary>A key field that starts or ends with a space.</summary>
    public static DefinitionError KeyEdgeSpace(DefinitionSource? source, int index, FieldInfo field, string value, bool atStart) =>
        At(source, index, field, ErrorCodes.KeyLookAlike,
            $"'{field.Name}'{Shown(field, value)} {(atStart ? "starts" : "ends")} with a space; " +
            "key values cannot start or end with white space, which makes different keys look the same. Remove it.");

    /// <summary>A value that is not one of the allowed values, with a did-you-mean where one is close.</summary>
    public static DefinitionError NotAllowed(DefinitionSource? source, int index, FieldInfo field, string value) =>
        NotAllowed(field, value, source?.File, source?.PathOf(field.Name) ?? DefaultPath(field), source?.PositionOf(index) ?? default);

    /// <summary>A value that is not one of the allowed values, located explicitly (used while reading).</summary>
    public static DefinitionError NotAllowed(FieldInfo field, string value, string? file, string jsonPath, SourcePosition position)
    {
        var allowed = string.Join(", ", field.Values.Select(v => $"'{v}'"));
        var message = field.Secret
            ? $"'{field.Name}' is not one of the allowed values: {allowed}."
            : $"'{field.Name}' is '{value}'; allowed values are {allowed}.";
        if (!field.Secret && Suggestions.Closest(value, field.Values) is { } suggestion)
            message += $" Did you mean '{suggestion}'?";
        return new DefinitionError(ErrorCodes.NotAllowed, message, field.Name, jsonPath, file, position);
    }

    /// <summary>The error for <paramref name="field"/> of a definition, located by its source when there is one.</summary>
    public static DefinitionError At(DefinitionSource? source, int index, FieldInfo field, string code, string message) =>
        new(code, message, field.Name, source?.PathOf(field.Name) ?? DefaultPath(field), source?.File,
            source?.PositionOf(index) ?? default);

    private static string DefaultPath(FieldInfo field) => JsonPaths.Property(JsonPaths.Root, field.Name);

    private static string Shown(FieldInfo field, string value) => field.Secret ? "" : $" ('{value}')";

    private static string Expecting(FieldInfo field) => field.Kind switch
    {
        FieldKind.Enum => $"; allowed values are {string.Join(", ", field.Values.Select(v => $"'{v}'"))}",
        FieldKind.Integer => "; set it to a whole number",
        _ => "; set it to a non-empty string",
    };

    private static string Range(FieldInfo field) => (field.Minimum, field.Maximum) switch
    {
        ({ } min, { } max) => $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}",
        ({ } min, null) => $"at least {min.ToString(CultureInfo.InvariantCulture)}",
        (null, { } max) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
        _ => $"between {long.MinValue.ToString(CultureInfo.InvariantCulture)} and {long.MaxValue.ToString(CultureInfo.InvariantCulture)}",
    };

    private static string Count(int n, string noun) =>
        n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
