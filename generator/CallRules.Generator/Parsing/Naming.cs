using System.Collections.Generic;
using CallRules.Generator.Common;
using Microsoft.CodeAnalysis.CSharp;

namespace CallRules.Generator.Parsing;

/// <summary>How schema names become C# names, and what counts as a valid one.</summary>
internal static class Naming
{
    /// <summary><c>connection-custom-p-asserted-id-format</c> → <c>ConnectionCustomPAssertedIdFormat</c> (the shared rule).</summary>
    public static string ToPascalCase(string wireName) => ClrNames.ToPascalCase(wireName);

    /// <summary>An enum member name for a wire value; values that start with a digit get a <c>Value</c> prefix.</summary>
    public static string ToMemberName(string wireValue)
    {
        var name = ToPascalCase(wireValue);
        if (name.Length == 0) return "";
        return char.IsDigit(name[0]) ? "Value" + name : name;
    }

    /// <summary>Whether <paramref name="name"/> can be used as a C# identifier as it is.</summary>
    public static bool IsValidIdentifier(string name, out string reason)
    {
        if (!SyntaxFacts.IsValidIdentifier(name) || name.StartsWith("@"))
        {
            reason = "; use letters, digits and '_', starting with a letter";
            return false;
        }
        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            reason = $"; it is a C# keyword, choose another name such as '{char.ToUpperInvariant(name[0])}{name.Substring(1)}Value'";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a dotted list of identifiers.</summary>
    public static bool IsValidNamespace(string name, out string reason)
    {
        foreach (var part in name.Split('.'))
        {
            if (!IsValidIdentifier(part, out reason))
                return false;
        }
        reason = "";
        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a wire name: a letter, then letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidWireName(string name)
    {
        if (name.Length == 0 || !IsAsciiLetter(name[0])) return false;
        foreach (var c in name)
            if (!IsAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.') return false;
        return true;
    }

    /// <summary>Whether <paramref name="key"/> is a call-rule key: an ASCII letter, then ASCII letters and digits.</summary>
    public static bool IsValidCallRuleKey(string key)
    {
        if (key.Length == 0 || !IsAsciiLetter(key[0])) return false;
        foreach (var c in key)
            if (!IsAsciiLetter(c) && !(c >= '0' && c <= '9')) return false;
        return true;
    }

    /// <summary>"; did you mean 'x'?" when a candidate is close to <paramref name="input"/> (the shared rule), else "".</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Suggestions.Closest(input, candidates) is { } best ? $"; did you mean '{best}'?" : "";

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
