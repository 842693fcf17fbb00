using System.Globalization;
using CallRules.Generator.Diagnostics;

namespace CallRules.Generator.Parsing;

/// <summary>A keyword's value of the JSON kind it must have; any other kind is reported (CRG016).</summary>
internal sealed partial class SchemaParser
{
    private string? ExpectString(JsonProperty property)
    {
        if (property.Value is JsonStringNode s) return s.Value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "a string", property.Value.KindName);
        return null;
    }

    /// <summary>A string that says something: not empty, not only white space.</summary>
    private string? ExpectSentence(JsonProperty property, string expected)
    {
        if (ExpectString(property) is not { } text) return null;
        if (text.Trim().Length > 0) return text;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, expected, "an empty string");
        return null;
    }

    private bool ExpectBool(JsonProperty property)
    {
        if (property.Value is JsonBoolNode b) return b.Value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "true or false", property.Value.KindName);
        return false;
    }

    private long? ExpectInteger(JsonProperty property)
    {
        if (property.Value is JsonNumberNode n && long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "a whole number", property.Value is JsonNumberNode ? "a fraction or too large" : property.Value.KindName);
        return null;
    }

    private int? ExpectLength(JsonProperty property)
    {
        if (property.Value is JsonNumberNode n && int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, "a non-negative whole number", property.Value is JsonNumberNode ? "negative, a fraction or too large" : property.Value.KindName);
        return null;
    }

    private T? Expect<T>(JsonProperty property, string expected) where T : JsonNode
    {
        if (property.Value is T value) return value;
        Report(DiagnosticDescriptors.WrongKeywordValue, property.Value.Span, property.Name, expected, property.Value.KindName);
        return null;
    }
}
