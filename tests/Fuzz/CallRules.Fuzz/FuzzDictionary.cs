using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CallRules.Connections;
using CallRules.Runtime;

namespace CallRules.Fuzz;

/// <summary>
/// AFL dictionaries written from the schema (never a field name typed here): the field names and allowed values for
/// definition files, the call-rule keys and mapped values for call-rule files, and the syntax both use. A mutator that
/// knows the words reaches the validator's branches instead of stopping at "unknown field".
/// </summary>
public static class FuzzDictionary
{
    /// <summary>The dictionary lines for <paramref name="target"/>, in AFL's <c>"text"</c> form.</summary>
    public static IEnumerable<string> For(string target)
    {
        var schema = Connection.Schema;
        var words = new List<string>();
        if (target == "callrules")
        {
            words.AddRange(["[", "]", "=", "\n", "\r\n", "#", "/", "*", "@", "yes", "no"]);
            foreach (var field in schema.Fields)
            {
                if (field.CallRule is { } key) words.Add(key + "=");
                if (field.Map is { } map) words.AddRange(map.Values);
            }
        }
        else
        {
            words.AddRange(["{", "}", "[", "]", ":", ",", "\"", "null", "true", "false", "\\u0000", "\\ud800", "//", "/*", "*/",
                "\"$schema\"", "1e3", "-0", "5.0", "9223372036854775808", "\u00A0", "\u202E", "\u2028"]);
            foreach (var field in schema.Fields)
            {
                words.Add("\"" + field.Name + "\":");
                words.AddRange(field.Values.Select(v => "\"" + v + "\""));
                if (field.Maximum is { } maximum) words.Add(maximum.ToString(CultureInfo.InvariantCulture));
                if (field.Default is { } value) words.Add("\"" + value + "\"");
            }
        }
        return words.Distinct().Select(Quote);
    }

    // AFL's dictionary syntax: "..." with \\, \" and \xNN for bytes outside printable ASCII.
    private static string Quote(string word)
    {
        var text = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(word))
        {
            if (b is (byte)'\\' or (byte)'"' || b < 0x20 || b > 0x7E)
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            else
                text.Append((char)b);
        }
        return text.Append('"').ToString();
    }
}
