using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Parsing;

/// <summary>
/// Parses JSON with <c>//</c> and <c>/* */</c> comments into <see cref="JsonNode"/>s that know their spans.
/// The generator cannot use System.Text.Json's reader for this: it reports byte offsets of UTF-8, while
/// diagnostics need character spans in the <see cref="SourceText"/> the compiler shows.
/// </summary>
internal sealed class JsonTextParser
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private JsonTextParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; on malformed JSON returns null and the error's span and message.</summary>
    public static JsonNode? Parse(string text, out JsonSyntaxError? error)
    {
        var parser = new JsonTextParser(text);
        try
        {
            parser.SkipTrivia();
            if (parser._pos >= text.Length)
                throw new JsonSyntaxError(new TextSpan(0, 0), "the file is empty; a schema file holds one JSON object");
            var node = parser.ParseValue();
            parser.SkipTrivia();
            if (parser._pos < text.Length)
                throw parser.ErrorHere("unexpected text after the end of the JSON value");
            error = null;
            return node;
        }
        catch (JsonSyntaxError e)
        {
            error = e;
            return null;
        }
    }

    private JsonNode ParseValue()
    {
        if (_pos >= _text.Length)
            throw ErrorHere("unexpected end of file; expected a value");
        var c = _text[_pos];
        switch (c)
        {
            case '{': return ParseObject();
            case '[': return ParseArray();
            case '"':
                {
                    var start = _pos;
                    var value = ParseString();
                    return new JsonStringNode(TextSpan.FromBounds(start, _pos), value);
                }
            case 't': return ParseLiteral("true", span => new JsonBoolNode(span, true));
            case 'f': return ParseLiteral("false", span => new JsonBoolNode(span, false));
            case 'n': return ParseLiteral("null", span => new JsonNullNode(span));
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                    return ParseNumber();
                throw ErrorHere($"unexpected character '{Printable(c)}'; expected a value");
        }
    }

    private JsonNode ParseObject()
    {
        var start = _pos;
        Enter();
        _pos++; // {
        var properties = new List<JsonProperty>();
        SkipTrivia();
        if (Peek() == '}')
        {
            _pos++;
            _depth--;
            return new JsonObjectNode(TextSpan.FromBounds(start, _pos), properties);
        }
        while (true)
        {
            SkipTrivia();
            if (Peek() != '"')
                throw ErrorHere(Peek() == '}' ? "a comma before '}' is not allowed (no trailing commas)" : "expected a property name in double quotes");
            var nameStart = _pos;
            var name = ParseString();
            var nameSpan = TextSpan.FromBounds(nameStart, _pos);
            SkipTrivia();
            if (Peek() != ':')
                throw ErrorHere("expected ':' after the property name");
            _pos++;
            SkipTrivia();
            var value = ParseValue();
            properties.Add(new JsonProperty(name, nameSpan, value));
            SkipTrivia();
            var c = Peek();
            if (c == ',') { _pos++; continue; }
            if (c == '}') { _pos++; break; }
            throw ErrorHere("expected ',' or '}' after a property");
        }
        _depth--;
        return new JsonObjectNode(TextSpan.FromBounds(start, _pos), properties);
    }

    private JsonNode ParseArray()
    {
        var start = _pos;
        Enter();
        _pos++; // [
        var items = new List<JsonNode>();
        SkipTrivia();
        if (Peek() == ']')
        {
            _pos++;
            _depth--;
            return new JsonArrayNode(TextSpan.FromBounds(start, _pos), items);
        }
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
                throw ErrorHere("a comma before ']' is not allowed (no trailing commas)");
            items.Add(ParseValue());
            SkipTrivia();
            var c = Peek();
            if (c == ',') { _pos++; continue; }
            if (c == ']') { _pos++; break; }
            throw ErrorHere("expected ',' or ']' after an array item");
        }
        _depth--;
        return new JsonArrayNode(TextSpan.FromBounds(start, _pos), items);
    }

    private static readonly char[] s_quoteOrEscape = { '"', '\\' };

    private string ParseString()
    {
        var open = _pos;
        _pos++; // "
        // Most strings have no escape: take them whole, unless a control character needs reporting.
        var end = _text.IndexOfAny(s_quoteOrEscape, _pos);
        if (end >= 0 && _text[end] == '"' && !HasControlCharacter(_pos, end))
        {
            var value = _text.Substring(_pos, end - _pos);
            _pos = end + 1;
            return value;
        }
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
                throw new JsonSyntaxError(new TextSpan(open, 1), "a string is not closed; add the closing '\"'");
            var c = _text[_pos];
            if (c == '"') { _pos++; return builder.ToString(); }
            if (c == '\\')
            {
                if (_pos + 1 >= _text.Length)
                    throw ErrorHere("an escape sequence is cut off by the end of the file");
                var e = _text[_pos + 1];
                switch (e)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_pos + 6 > _text.Length || !ushort.TryParse(_text.Substring(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            throw ErrorHere("'\\u' must be followed by four hexadecimal digits");
                        builder.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw ErrorHere($"'\\{Printable(e)}' is not a JSON escape sequence");
                }
                _pos += 2;
                continue;
            }
            if (c < ' ')
                throw ErrorHere("a string cannot hold a raw control character or line break; escape it (\\n, \\t, \\u0000)");
            builder.Append(c);
            _pos++;
        }
    }

    private bool HasControlCharacter(int start, int end)
    {
        for (var i = start; i < end; i++)
            if (_text[i] < ' ') return true;
        return false;
    }

    private JsonNode ParseNumber()
    {
        var start = _pos;
        if (Peek() == '-') _pos++;
        if (Peek() == '0') _pos++;
        else if (IsDigit(Peek())) while (IsDigit(Peek())) _pos++;
        else throw ErrorHere("expected a digit");
        if (Peek() == '.')
        {
            _pos++;
            if (!IsDigit(Peek())) throw ErrorHere("expected a digit after '.'");
            while (IsDigit(Peek())) _pos++;
        }
        if (Peek() == 'e' || Peek() == 'E')
        {
            _pos++;
            if (Peek() == '+' || Peek() == '-') _pos++;
            if (!IsDigit(Peek())) throw ErrorHere("expected a digit in the exponent");
            while (IsDigit(Peek())) _pos++;
        }
        return new JsonNumberNode(TextSpan.FromBounds(start, _pos), _text.Substring(start, _pos - start));
    }

    private JsonNode ParseLiteral(string word, Func<TextSpan, JsonNode> create)
    {
        var start = _pos;
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            var end = _pos;
            while (end < _text.Length && char.IsLetterOrDigit(_text[end])) end++;
            throw new JsonSyntaxError(TextSpan.FromBounds(start, Math.Max(end, start + 1)),
                $"'{_text.Substring(start, Math.Max(end - start, 1))}' is not a JSON value (strings need double quotes)");
        }
        _pos += word.Length;
        return create(TextSpan.FromBounds(start, _pos));
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                    throw new JsonSyntaxError(new TextSpan(_pos, 2), "a /* comment is not closed; add */");
                _pos = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw ErrorHere($"the JSON is nested more than {MaxDepth} levels deep");
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private JsonSyntaxError ErrorHere(string message) =>
        new JsonSyntaxError(new TextSpan(Math.Min(_pos, _text.Length), _pos < _text.Length ? 1 : 0), message);

    private static string Printable(char c) => c < ' ' ? $"\\u{(int)c:X4}" : c.ToString();
}

/// <summary>Malformed JSON in a schema file: where, and what is wrong.</summary>
internal sealed class JsonSyntaxError : Exception
{
    public JsonSyntaxError(TextSpan span, string message) : base(message) => Span = span;

    public TextSpan Span { get; }
}
