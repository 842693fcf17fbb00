using System.Text.Json;
using CallRules.Runtime;
using CallRules.Runtime.Planning;

namespace CallRules.Cli.Output;

/// <summary>
/// How one changed call-rule line is shown, by every command that shows one (<c>plan</c>, <c>diff</c>,
/// <c>schema-diff</c>): <c>key: old -> new</c> with values escaped (<see cref="MessageText.Escape"/>), and for a secret
/// only that it was added, changed or removed, never a value; as JSON, the same facts as properties.
/// </summary>
internal static class RuleChangeText
{
    /// <summary><c>MaxCallsTotal: 40 -> 60</c>, or <c>AuthPassword: (secret, changed)</c>.</summary>
    public static string Change(RuleChange rule) => $"{rule.Key}: {Describe(rule)}";

    /// <summary>A line of an added section: <c>Key=value</c>, or <c>Key=(secret)</c>.</summary>
    public static string Added(RuleChange rule) => $"{rule.Key}={(rule.Secret ? "(secret)" : MessageText.Escape(rule.New ?? ""))}";

    /// <summary>The part after the key: <c>old -> new</c>, <c>(none)</c> for a line that is not there, <c>""</c> for an empty value.</summary>
    public static string Describe(RuleChange rule)
    {
        if (rule.Secret)
            return rule.Old is null ? "(secret, added)" : rule.New is null ? "(secret, removed)" : "(secret, changed)";
        return $"{Show(rule.Old)} -> {Show(rule.New)}";
    }

    private static string Show(string? value) => value switch
    {
        null => "(none)",
        "" => "\"\"",
        _ => MessageText.Escape(value),
    };

    /// <summary>
    /// The line as a JSON object: key, secret, and old and new (null for a line that is not there); for a secret,
    /// whether it had a value before and has one after instead of the values.
    /// </summary>
    public static void WriteJson(Utf8JsonWriter writer, RuleChange rule)
    {
        writer.WriteStartObject();
        writer.WriteString("key", rule.Key);
        writer.WriteBoolean("secret", rule.Secret);
        if (!rule.Secret)
        {
            JsonOutput.WriteStringOrNull(writer, "old", rule.Old);
            JsonOutput.WriteStringOrNull(writer, "new", rule.New);
        }
        else
        {
            // Whether it was there before and after, never what it was.
            writer.WriteBoolean("hadValue", rule.Old is not null);
            writer.WriteBoolean("hasValue", rule.New is not null);
        }
        writer.WriteEndObject();
    }
}
