using System.Text;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>
/// Builds the small schema the diagnostic tests write around the keyword under test, so a test shows only that:
/// the type <c>Gateway</c> in <c>Example.Gateways</c>, keyed (line 4) on a required string field <c>host</c> (line 6),
/// and the given fields one per line from line 7. Line and column of the test's own text are as in the schema file.
/// </summary>
internal static class TestSchema
{
    /// <summary>The host field the schema is keyed on, as it stands on line 6.</summary>
    public const string Host = """{ "name": "host", "type": "string", "required": true }""";

    /// <summary>The schema with <paramref name="fields"/> after the host field, from line 7.</summary>
    public static string WithFields(params string[] fields) => WithHost(Host, fields);

    /// <summary>The schema with <paramref name="host"/> in place of the host field on line 6, then <paramref name="fields"/>.</summary>
    public static string WithHost(string host, params string[] fields) => Build("[\"host\"]", host, fields);

    /// <summary>The schema with <c>"key": <paramref name="key"/></c> on line 4 (from column 10) and the host field.</summary>
    public static string WithKey(string key) => Build(key, Host, []);

    /// <summary>The schema without its key line, so the fields start on line 4 and the host field stands on line 5.</summary>
    public static string WithoutKey() => Build(null, Host, []);

    private static string Build(string? key, string host, string[] fields)
    {
        var text = new StringBuilder()
            .Append("{\n")
            .Append("  \"name\": \"Gateway\",\n")
            .Append("  \"namespace\": \"Example.Gateways\",\n");
        if (key is not null)
            text.Append("  \"key\": ").Append(key).Append(",\n");
        text.Append("  \"fields\": [\n")
            .Append("    ").Append(host);
        foreach (var field in fields)
            text.Append(",\n    ").Append(field);
        return text.Append("\n  ]\n}").ToString();
    }
}
