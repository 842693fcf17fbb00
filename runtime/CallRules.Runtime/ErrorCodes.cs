using System.Collections.Generic;

namespace CallRules.Runtime;

/// <summary>
/// The stable error codes of definition files. Codes are never reused or renumbered;
/// <c>docs/error-codes.md</c> describes each one, and <see cref="HelpLinks.ForErrorCode"/> links to its section.
/// </summary>
public static class ErrorCodes
{
    // CR0xxx: the file as a whole.
    /// <summary>The file is not well-formed JSON.</summary>
    public const string InvalidJson = "CR0001";
    /// <summary>The file is not valid UTF-8 (or starts with a UTF-16/UTF-32 byte-order mark).</summary>
    public const string NotUtf8 = "CR0002";
    /// <summary>The file is empty or holds only white space and comments.</summary>
    public const string EmptyFile = "CR0003";
    /// <summary>JSON nesting deeper than the reader allows.</summary>
    public const string TooDeep = "CR0004";
    /// <summary>One definition object is larger than the reader allows.</summary>
    public const string DefinitionTooLarge = "CR0005";
    /// <summary>The top level, or an element of the top-level array, is not an object.</summary>
    public const string ExpectedObject = "CR0006";
    /// <summary>The file cannot be read.</summary>
    public const string FileUnreadable = "CR0007";

    // CR1xxx: one field of one definition.
    /// <summary>A property the schema does not define.</summary>
    public const string UnknownField = "CR1001";
    /// <summary>The same property twice in one object.</summary>
    public const string DuplicateField = "CR1002";
    /// <summary>A value of the wrong JSON type.</summary>
    public const string WrongType = "CR1003";
    /// <summary>A required field is missing or empty.</summary>
    public const string MissingRequired = "CR1004";
    /// <summary>A string longer than the field's maximum length.</summary>
    public const string TooLong = "CR1005";
    /// <summary>A string shorter than the field's minimum length.</summary>
    public const string TooShort = "CR1006";
    /// <summary>A number outside the field's range.</summary>
    public const string OutOfRange = "CR1007";
    /// <summary>A string that does not match the field's pattern.</summary>
    public const string PatternMismatch = "CR1008";
    /// <summary>A value that is not one of the field's allowed values.</summary>
    public const string NotAllowed = "CR1009";
    /// <summary>A string not in the field's format (date-time, time zone, UTC offset).</summary>
    public const string BadFormat = "CR1010";
    /// <summary>A field the schema marks unsupported.</summary>
    public const string Unsupported = "CR1011";
    /// <summary>A control character or line break, which cannot be written to a call-rule line.</summary>
    public const string ForbiddenCharacter = "CR1012";
    /// <summary>A key field other than the last contains the section-name separator '/'.</summary>
    public const string KeySeparator = "CR1013";
    /// <summary>A key field that is only white space, holds an invisible, bidirectional-control or non-ASCII space character, or starts or ends with a space.</summary>
    public const string KeyLookAlike = "CR1014";
    /// <summary>Warning: a field the schema marks deprecated; the message says what to use instead.</summary>
    public const string Deprecated = "CR1015";
    /// <summary>Warning: a field written under an earlier wire name (the schema's <c>renamedFrom</c>), read as the field.</summary>
    public const string EarlierName = "CR1016";
    /// <summary>A wire name the schema lists as removed; the message says why and what to do instead.</summary>
    public const string RemovedField = "CR1017";
    /// <summary>A field written under its name and an earlier name in one definition.</summary>
    public const string BothNames = "CR1018";

    // CR2xxx: across definitions.
    /// <summary>Two definitions with the same key.</summary>
    public const string DuplicateKey = "CR2001";
    /// <summary>A warning: a definition whose last key value (the pattern a server matches) another definition before it in the section order has too, so it can never be chosen.</summary>
    public const string ShadowedKey = "CR2002";

    // CR3xxx: inputs and outputs of a run.
    /// <summary>An input path does not exist.</summary>
    public const string InputNotFound = "CR3001";
    /// <summary>A folder given as input holds no .json file.</summary>
    public const string NoInputFiles = "CR3002";
    /// <summary>The output cannot be written.</summary>
    public const string OutputUnwritable = "CR3003";
    /// <summary>A call-rule file (deployed output read back by plan, diff or import) is not call-rule text.</summary>
    public const string RulesUnreadable = "CR3004";
    /// <summary>A call-rule file holds a key that no field of the schema writes.</summary>
    public const string UnknownRuleKey = "CR3005";
    /// <summary>Warning: the output file now holds no sections where the file it replaced held some.</summary>
    public const string OutputEmptied = "CR3006";
    /// <summary>Warning: a link in an input folder leads back to a folder that holds it; it is not followed.</summary>
    public const string FolderLoop = "CR3007";
    /// <summary>Warning: a <c>*.json</c> in an input folder is not a regular file (a named pipe, a device); it is skipped.</summary>
    public const string NotRegularFile = "CR3008";
    /// <summary>A schema file read at run time (baseline, schema-diff) is not one the tool can read.</summary>
    public const string SchemaUnreadable = "CR3009";

    /// <summary>Every code, in the order docs/error-codes.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InvalidJson, NotUtf8, EmptyFile, TooDeep, DefinitionTooLarge, ExpectedObject, FileUnreadable,
        UnknownField, DuplicateField, WrongType, MissingRequired, TooLong, TooShort, OutOfRange, PatternMismatch,
        NotAllowed, BadFormat, Unsupported, ForbiddenCharacter, KeySeparator, KeyLookAlike,
        Deprecated, EarlierName, RemovedField, BothNames,
        DuplicateKey, ShadowedKey,
        InputNotFound, NoInputFiles, OutputUnwritable, RulesUnreadable, UnknownRuleKey, OutputEmptied, FolderLoop, NotRegularFile,
        SchemaUnreadable,
    ];
}
