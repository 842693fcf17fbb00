// One rule, two builds: compiled into the generator (internal), which names the generated properties and enum types
// with it, and into the runtime (internal), which reads schema files at run time (callrules baseline, schema-diff) and
// must derive the same names. See ValueFormats.cs for what C# is allowed here.
using System.Text;

#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Schema;
#endif

/// <summary>How a wire name becomes a C# name when the schema does not give one.</summary>
internal static class ClrNames
{
    /// <summary>
    /// <c>connection-custom-p-asserted-id-format</c> → <c>ConnectionCustomPAssertedIdFormat</c>: split on <c>-</c>,
    /// <c>_</c>, <c>.</c> and spaces, keep letters and digits, capitalise each part; an all-capitals part of two or more
    /// letters reads as a word (<c>UDP</c> → <c>Udp</c>).
    /// </summary>
    public static string ToPascalCase(string wireName)
    {
        var builder = new StringBuilder(wireName.Length);
        foreach (var part in wireName.Split('-', '_', '.', ' '))
        {
            if (part.Length == 0) continue;
            var clean = new StringBuilder();
            foreach (var c in part)
                if (char.IsLetterOrDigit(c)) clean.Append(c);
            if (clean.Length == 0) continue;
            var text = clean.ToString();
            if (IsAllUpper(text) && text.Length > 1)
                text = text.Substring(0, 1) + text.Substring(1).ToLowerInvariant();
            builder.Append(char.ToUpperInvariant(text[0])).Append(text, 1, text.Length - 1);
        }
        return builder.ToString();
    }

    private static bool IsAllUpper(string text)
    {
        var hasLetter = false;
        foreach (var c in text)
        {
            if (char.IsLower(c)) return false;
            if (char.IsLetter(c)) hasLetter = true;
        }
        return hasLetter;
    }
}
