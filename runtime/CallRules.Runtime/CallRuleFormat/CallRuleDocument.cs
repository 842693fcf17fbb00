using System;
using System.Collections.Generic;
using System.Text;

namespace CallRules.Runtime.CallRuleFormat;

/// <summary>One <c>Key=value</c> line of a section, with the line it was read from (0 when built in code).</summary>
public readonly record struct CallRule(string Key, string Value, int Line = 0);

/// <summary>One <c>[name]</c> section and its rules, in file order.</summary>
public sealed record CallRuleSection(string Name, IReadOnlyList<CallRule> Rules, int Line = 0)
{
    /// <summary>The value of <paramref name="key"/>, or null when the section has no such rule.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var rule in Rules)
                if (string.Equals(rule.Key, key, StringComparison.Ordinal)) return rule.Value;
            return null;
        }
    }
}

/// <summary>Why call-rule text could not be read, and on which 1-based line.</summary>
public sealed record CallRuleSyntaxError(int Line, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>Thrown by <see cref="CallRuleDocument.Parse"/> for text that is not call-rule text.</summary>
public sealed class CallRuleFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public CallRuleFormatException(CallRuleSyntaxError error) : base(error.ToString()) => Error = error;

    /// <summary>What was wrong, and where.</summary>
    public CallRuleSyntaxError Error { get; }
}

/// <summary>
/// Call-rule text read back (see <c>docs/call-rules.md</c>): the header comments, then the sections in file order.
/// The reader is as strict as the writer: a file the writer could not have produced is an error, with its line.
/// </summary>
public sealed class CallRuleDocument
{
    private CallRuleDocument(IReadOnlyList<string> header, IReadOnlyList<CallRuleSection> sections)
    {
        Header = header;
        Sections = sections;
    }

    /// <summary>The text of the comment lines before the first section, without the <c>#</c> and one following space.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The sections, in file order.</summary>
    public IReadOnlyList<CallRuleSection> Sections { get; }

    /// <summary>The section named <paramref name="name"/>, or null.</summary>
    public CallRuleSection? Find(string name)
    {
        foreach (var section in Sections)
            if (string.Equals(section.Name, name, StringComparison.Ordinal)) return section;
        return null;
    }

    /// <summary>Reads call-rule text; throws <see cref="CallRuleFormatException"/> when it is not valid.</summary>
    public static CallRuleDocument Parse(ReadOnlySpan<byte> utf8) =>
        TryParse(utf8, out var document, out var error) ? document! : throw new CallRuleFormatException(error!);

    /// <summary>Reads call-rule text; on failure, <paramref name="error"/> says why and where.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out CallRuleDocument? document, out CallRuleSyntaxError? error)
    {
        document = null;
        error = null;
        if (utf8.StartsWith("\uFEFF"u8))
            return Fail(1, "the text starts with a byte-order mark; call-rule files are UTF-8 without one.", out error);
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
            return Fail(LineOfInvalidUtf8(utf8), "the text is not valid UTF-8.", out error);
        if (utf8.Length > 0 && utf8[^1] != (byte)'\n')
            return Fail(CountLines(utf8), "the last line does not end with a line feed.", out error);

        var header = new List<string>();
        var sections = new List<CallRuleSection>();
        var sectionNames = new HashSet<string>(StringComparer.Ordinal);
        string? sectionName = null;
        var sectionLine = 0;
        List<CallRule>? rules = null;
        HashSet<string>? keys = null;
        var lineNumber = 0;
        var rest = utf8;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = Encoding.UTF8.GetString(rest[..end]);
            rest = rest[(end + 1)..];

            var forbidden = CallRuleText.IndexOfForbidden(line);
            if (forbidden >= 0)
                return Fail(lineNumber, $"the line contains {CallRuleText.Describe(line[forbidden])} at column {forbidden + 1}.", out error);
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                if (sectionName is null) header.Add(line.Length > 1 && line[1] == ' ' ? line[2..] : line[1..]);
                continue;
            }
            if (line[0] == '[')
            {
                // The name is everything between the first '[' and the last ']', so a name may itself hold brackets.
                var close = line.LastIndexOf(']');
                if (close != line.Length - 1)
                    return Fail(lineNumber, "a section line must end with ']'.", out error);
                var name = line[1..close];
                if (name.Length == 0)
                    return Fail(lineNumber, "a section name cannot be empty.", out error);
                if (!sectionNames.Add(name))
                    return Fail(lineNumber, $"the section [{name}] appears twice.", out error);
                if (sectionName is not null) sections.Add(new CallRuleSection(sectionName, rules!, sectionLine));
                sectionName = name;
                sectionLine = lineNumber;
                rules = [];
                keys = new HashSet<string>(StringComparer.Ordinal);
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals < 0)
                return Fail(lineNumber, "expected '[section]', 'Key=value' or a '#' comment.", out error);
            var key = line[..equals];
            if (!CallRuleText.IsValidKey(key))
                return Fail(lineNumber, $"'{key}' is not a valid key: a key is an ASCII letter followed by ASCII letters and digits.", out error);
            if (sectionName is null)
                return Fail(lineNumber, $"the rule '{key}' comes before the first section.", out error);
            if (!keys!.Add(key))
                return Fail(lineNumber, $"the key '{key}' appears twice in section [{sectionName}].", out error);
            rules!.Add(new CallRule(key, line[(equals + 1)..], lineNumber));
        }
        if (sectionName is not null) sections.Add(new CallRuleSection(sectionName, rules!, sectionLine));
        document = new CallRuleDocument(header, sections);
        return true;
    }

    private static bool Fail(int line, string message, out CallRuleSyntaxError error)
    {
        error = new CallRuleSyntaxError(line, message);
        return false;
    }

    private static int CountLines(ReadOnlySpan<byte> utf8) => utf8.Count((byte)'\n') + 1;

    private static int LineOfInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var valid = Utf8Validation.IndexOfInvalid(utf8);
        return utf8[..Math.Max(valid, 0)].Count((byte)'\n') + 1;
    }
}
