using System.Collections.Generic;
using System.Text.Json;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>Connection definitions as users write them: JSON objects with the NetSapiens wire names.</summary>
internal static class Definitions
{
    public const string Domain = "example.com";

    /// <summary>A connection of <see cref="Domain"/> with <paramref name="origMatch"/> and the given fields.</summary>
    public static string Connection(string origMatch, params (string Field, object Value)[] fields)
    {
        var definition = new Dictionary<string, object>
        {
            ["domain"] = Domain,
            ["connection-orig-match-pattern"] = origMatch,
        };
        foreach (var (field, value) in fields) definition[field] = value;
        return JsonSerializer.Serialize(definition, s_options);
    }

    /// <summary>The section name the CLI gives that connection, as Kamailio names it in reason phrases.</summary>
    public static string Section(string origMatch) => $"{Domain}/{origMatch}";

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };
}
