using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>
/// A JSON value read from a schema file, with its span in the text, so every diagnostic can point at the
/// exact keyword or value. Only the parser's own stage sees these; the spec keeps no spans.
/// </summary>
internal abstract class JsonNode
{
    protected JsonNode(TextSpan span) => Span = span;

    public TextSpan Span { get; }

    /// <summary>How the node's kind is named in messages: "a string", "an object", ...</summary>
    public abstract string KindName { get; }
}

internal sealed class JsonObjectNode : JsonNode
{
    public JsonObjectNode(TextSpan span, IReadOnlyList<JsonProperty> properties) : base(span) => Properties = properties;

    public IReadOnlyList<JsonProperty> Properties { get; }

    public override string KindName => "an object";
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }
    public TextSpan NameSpan { get; }
    public JsonNode Value { get; }
}

internal sealed class JsonArrayNode : JsonNode
{
    public JsonArrayNode(TextSpan span, IReadOnlyList<JsonNode> items) : base(span) => Items = items;

    public IReadOnlyList<JsonNode> Items { get; }

    public override string KindName => "an array";
}

internal sealed class JsonStringNode : JsonNode
{
    public JsonStringNode(TextSpan span, string value) : base(span) => Value = value;

    public string Value { get; }

    public override string KindName => "a string";
}

internal sealed class JsonNumberNode : JsonNode
{
    public JsonNumberNode(TextSpan span, string text) : base(span) => Text = text;

    /// <summary>The number as written.</summary>
    public string Text { get; }

    public override string KindName => "a number";
}

internal sealed class JsonBoolNode : JsonNode
{
    public JsonBoolNode(TextSpan span, bool value) : base(span) => Value = value;

    public bool Value { get; }

    public override string KindName => "a boolean";
}

internal sealed class JsonNullNode : JsonNode
{
    public JsonNullNode(TextSpan span) : base(span)
    {
    }

    public override string KindName => "null";
}
