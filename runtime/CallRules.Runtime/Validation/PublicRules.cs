namespace CallRules.Runtime.Validation;

// The rules in common/ (ValueFormats.cs, Suggestions.cs, SchemaPatterns.cs, TextLength.cs) are compiled into the generator too, where
// they are internal; here they are public API, used by generated code and the CLI. Their documentation is there.
public static partial class ValueFormats;

public static partial class Suggestions;

public static partial class SchemaPatterns;

public static partial class TextLength;
