using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CallRules.Runtime.Json;

namespace CallRules.Runtime.Definitions;

/// <summary>
/// What a definition file holds besides its definitions' values: whether it is one object or an array, the
/// <c>$schema</c> each definition names, and its comments, each tied to the place it belongs to (the property it
/// precedes or follows on the same line, a definition, the start or end of the file). A tool that rewrites definition
/// files (<c>fmt</c>, a schema migration) writes the values in canonical form with <see cref="CanonicalJson"/> and
/// then puts the comments back with <see cref="Apply"/>, so a file keeps its comments whatever order its properties
/// were in. A comment this model has no place for (inside a value, between a property name and its value) makes
/// <see cref="Unkept"/> say where it is: such a file must be left as it is rather than lose the comment.
/// </summary>
public sealed class DefinitionFileLayout
{
    private readonly List<string> _header = [];
    private readonly List<string> _footer = [];
    private readonly List<string> _rootTrailing = [];
    private readonly List<string> _arrayClosing = [];
    private readonly List<ObjectComments> _objects = [];

    private DefinitionFileLayout() { }

    /// <summary>Whether the file is an array of definitions (else one object).</summary>
    public bool IsArray { get; private set; }

    /// <summary>How many definitions the file holds.</summary>
    public int DefinitionCount => _objects.Count;

    /// <summary>Whether the file holds any comment.</summary>
    public bool HasComments { get; private set; }

    /// <summary>
    /// Why the file's comments cannot all be kept in canonical form (the first comment with no place, and where it is),
    /// or null when they can.
    /// </summary>
    public string? Unkept { get; private set; }

    /// <summary>
    /// The <c>$schema</c> definition <paramref name="index"/> names, or null when it names none. A <c>$schema</c> that is
    /// not a string makes <see cref="Unkept"/> say so: canonical form cannot write it as it is.
    /// </summary>
    public string? SchemaReferenceOf(int index) => _objects[index].SchemaReference;

    /// <summary>
    /// Reads the layout of <paramref name="utf8"/>, a well-formed definition file (comments allowed, a UTF-8 byte-order
    /// mark skipped): callers check the file first (it is read as the compile pipeline reads it).
    /// </summary>
    /// <exception cref="JsonException">The text is not well-formed JSON.</exception>
    public static DefinitionFileLayout Read(ReadOnlySpan<byte> utf8)
    {
        var layout = new DefinitionFileLayout();
        new Scanner(layout, Utf8Text.WithoutByteOrderMark(utf8)).Run();
        return layout;
    }

    /// <summary>
    /// Moves the comments of property <paramref name="from"/> to property <paramref name="to"/> in every definition, for
    /// a rewrite that renames a property (its value is written under the new name).
    /// </summary>
    public void RenameProperty(string from, string to)
    {
        foreach (var definition in _objects)
        {
            if (!definition.Properties.Remove(from, out var comments)) continue;
            var target = definition.For(to);
            target.Leading.AddRange(comments.Leading);
            target.Trailing.AddRange(comments.Trailing);
        }
    }

    /// <summary>
    /// Puts this file's comments into <paramref name="canonical"/>, the canonical text of the same definitions in the same
    /// order (as <see cref="CanonicalJson.File{T}(IReadOnlyList{T}, bool, Func{T, string?}, bool)"/> writes it): each on
    /// its own line before the property, definition or closing bracket it preceded, or at the end of the line of the
    /// property or definition it followed. Returns null, with <paramref name="unkept"/> saying why, when a comment has no
    /// place in the canonical text (<see cref="Unkept"/>, or a property that canonical form leaves out, such as one whose
    /// value is null).
    /// </summary>
    public byte[]? Apply(ReadOnlySpan<byte> canonical, out string? unkept)
    {
        unkept = Unkept;
        if (unkept is not null) return null;
        if (!HasComments) return canonical.ToArray();
        var inserts = new List<(int At, string Text)>();
        var definitionDepth = IsArray ? 1 : 0;
        var objectIndent = new string(' ', 2 * definitionDepth);
        var propertyIndent = new string(' ', 2 * (definitionDepth + 1));
        var reader = new Utf8JsonReader(canonical);
        var index = -1;
        string? property = null;
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            var start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray or JsonTokenType.StartObject when depth == 0:
                    Lines(inserts, 0, "", _header);
                    if (reader.TokenType == JsonTokenType.StartArray) break;
                    index++;
                    written.Clear();
                    break;
                case JsonTokenType.StartObject when depth == definitionDepth:
                    index++;
                    written.Clear();
                    Lines(inserts, start - objectIndent.Length, objectIndent, _objects[index].Leading);
                    break;
                case JsonTokenType.PropertyName when depth == definitionDepth + 1:
                    property = reader.GetString()!;
                    written.Add(property);
                    if (_objects[index].Properties.TryGetValue(property, out var comments))
                        Lines(inserts, start - propertyIndent.Length, propertyIndent, comments.Leading);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray when depth == definitionDepth + 1:
                    reader.Skip();
                    Trailing(inserts, canonical, TokenEnd(ref reader), _objects[index].Properties.GetValueOrDefault(property!)?.Trailing);
                    break;
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null
                    when depth == definitionDepth + 1:
                    Trailing(inserts, canonical, TokenEnd(ref reader), _objects[index].Properties.GetValueOrDefault(property!)?.Trailing);
                    break;
                case JsonTokenType.EndObject when depth == definitionDepth:
                    {
                        var definition = _objects[index];
                        foreach (var (name, left) in definition.Properties)
                        {
                            if (written.Contains(name) || left.IsEmpty) continue;
                            unkept = $"a comment on '{name}' at line {left.Line.ToString(CultureInfo.InvariantCulture)}, which canonical form leaves out (its value is null)";
                            return null;
                        }
                        if (definition.Closing.Count > 0 && written.Count == 0)
                        {
                            unkept = "a comment inside an empty definition";
                            return null;
                        }
                        Lines(inserts, start - objectIndent.Length, propertyIndent, definition.Closing);
                        Trailing(inserts, canonical, start + 1, depth == 0 ? _rootTrailing : definition.Trailing);
                        break;
                    }
                case JsonTokenType.EndArray when depth == 0:
                    if (start > 0 && canonical[start - 1] == (byte)'[')
                    {
                        // An empty array: its comments go on lines of their own between the brackets.
                        if (_arrayClosing.Count > 0) inserts.Add((start, "\n" + Join("  ", _arrayClosing)));
                    }
                    else
                    {
                        Lines(inserts, start, "  ", _arrayClosing);
                    }
                    Trailing(inserts, canonical, start + 1, _rootTrailing);
                    break;
            }
        }
        var end = canonical.Length;
        if (_footer.Count > 0) inserts.Add((end, Join("", _footer)));
        return Splice(canonical, inserts);
    }

    /// <summary>The offset just past the token the reader is on.</summary>
    private static int TokenEnd(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        return reader.TokenType switch
        {
            JsonTokenType.String or JsonTokenType.PropertyName => start + reader.ValueSpan.Length + 2,
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null => start + reader.ValueSpan.Length,
            _ => start + 1,
        };
    }

    private static void Lines(List<(int, string)> inserts, int lineStart, string indent, List<string> comments)
    {
        if (comments.Count > 0) inserts.Add((lineStart, Join(indent, comments)));
    }

    private static string Join(string indent, List<string> comments)
    {
        var text = new StringBuilder();
        foreach (var comment in comments) text.Append(indent).Append(comment).Append('\n');
        return text.ToString();
    }

    private static void Trailing(List<(int, string)> inserts, ReadOnlySpan<byte> canonical, int end, List<string>? comments)
    {
        if (comments is not { Count: > 0 }) return;
        if (end < canonical.Length && canonical[end] == (byte)',') end++;
        inserts.Add((end, " " + string.Join(" ", comments)));
    }

    private static byte[] Splice(ReadOnlySpan<byte> canonical, List<(int At, string Text)> inserts)
    {
        // Stable by position: inserts at one place keep the order they were made in (a closing brace's comments, then
        // the next line's).
        var ordered = new List<(int At, int Order, string Text)>(inserts.Count);
        for (var i = 0; i < inserts.Count; i++) ordered.Add((inserts[i].At, i, inserts[i].Text));
        ordered.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Order.CompareTo(b.Order));
        var output = new List<byte>(canonical.Length + 256);
        var at = 0;
        foreach (var (position, _, text) in ordered)
        {
            foreach (var b in canonical[at..position]) output.Add(b);
            output.AddRange(Encoding.UTF8.GetBytes(text));
            at = position;
        }
        foreach (var b in canonical[at..]) output.Add(b);
        return output.ToArray();
    }

    /// <summary>The comments of one definition.</summary>
    private sealed class ObjectComments
    {
        public List<string> Leading { get; } = [];
        public List<string> Trailing { get; } = [];
        public List<string> Closing { get; } = [];
        public Dictionary<string, PropertyComments> Properties { get; } = new(StringComparer.Ordinal);
        public string? SchemaReference { get; set; }

        public PropertyComments For(string name)
        {
            if (!Properties.TryGetValue(name, out var comments)) Properties[name] = comments = new PropertyComments();
            return comments;
        }
    }

    /// <summary>The comments on the lines before a property and at the end of its line.</summary>
    private sealed class PropertyComments
    {
        public List<string> Leading { get; } = [];
        public List<string> Trailing { get; } = [];
        public int Line { get; set; }
        public bool IsEmpty => Leading.Count == 0 && Trailing.Count == 0;
    }

    /// <summary>One pass over the file: every token, and where each comment belongs.</summary>
    private ref struct Scanner
    {
        private readonly DefinitionFileLayout _layout;
        private readonly ReadOnlySpan<byte> _text;
        private readonly List<int> _lineStarts;
        private readonly List<string> _pending = [];
        private int _definitionDepth;
        private bool _rootSeen;
        private bool _rootEnded;
        private ObjectComments? _current;
        private PropertyComments? _property;
        private string? _propertyName;
        private bool _afterName;
        // What a comment on the same line as the last token's end would follow.
        private List<string>? _trailingSlot;
        private int _lastEndLine;

        public Scanner(DefinitionFileLayout layout, ReadOnlySpan<byte> text)
        {
            _layout = layout;
            _text = text;
            _lineStarts = [0];
            for (var i = 0; i < text.Length; i++)
                if (text[i] == (byte)'\n') _lineStarts.Add(i + 1);
        }

        public void Run()
        {
            var reader = new Utf8JsonReader(_text, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Allow,
                MaxDepth = JsonReadContext.ReaderOptions.MaxDepth + 1,
            });
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.Comment)
                {
                    Comment(reader.CurrentDepth, start);
                    continue;
                }
                Token(ref reader, start, reader.TokenType == JsonTokenType.Comment ? start : TokenEnd(ref reader));
            }
            if (_pending.Count > 0) _layout._footer.AddRange(_pending);
        }

        private void Comment(int depth, int start)
        {
            _layout.HasComments = true;
            var text = CommentText(start);
            var line = LineOf(start);
            var column = start - _lineStarts[line - 1] + 1;
            if (_rootSeen && !_rootEnded && (depth > _definitionDepth + 1 || _afterName))
            {
                var where = _afterName ? $"between '{_propertyName}' and its value" : $"inside the value of '{_propertyName}'";
                _layout.Unkept ??= string.Create(CultureInfo.InvariantCulture, $"a comment at line {line}, column {column}, {where}");
                return;
            }
            if (_trailingSlot is not null && line == _lastEndLine)
            {
                _trailingSlot.Add(text);
                return;
            }
            _pending.Add(text);
        }

        private void Token(ref Utf8JsonReader reader, int start, int end)
        {
            var depth = reader.CurrentDepth;
            var type = reader.TokenType;
            _trailingSlot = null;
            if (!_rootSeen)
            {
                _rootSeen = true;
                _layout._header.AddRange(_pending);
                _pending.Clear();
                _layout.IsArray = type == JsonTokenType.StartArray;
                _definitionDepth = _layout.IsArray ? 1 : 0;
                if (type == JsonTokenType.StartObject) StartDefinition();
                return;
            }
            switch (type)
            {
                case JsonTokenType.StartObject when depth == _definitionDepth:
                    StartDefinition();
                    _current!.Leading.AddRange(_pending);
                    _pending.Clear();
                    return;
                case JsonTokenType.PropertyName when depth == _definitionDepth + 1:
                    _propertyName = reader.GetString()!;
                    if (_current!.Properties.ContainsKey(_propertyName) && _pending.Count > 0)
                        _layout.Unkept ??= $"a comment on '{_propertyName}', which appears twice, at line {LineOf(start).ToString(CultureInfo.InvariantCulture)}";
                    _property = _current.For(_propertyName);
                    _property.Line = LineOf(start);
                    _property.Leading.AddRange(_pending);
                    _pending.Clear();
                    _afterName = true;
                    return;
                case JsonTokenType.StartObject or JsonTokenType.StartArray when depth == _definitionDepth + 1:
                    _afterName = false;
                    return;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when depth == _definitionDepth + 1:
                    ValueEnd(end);
                    return;
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null
                    when depth == _definitionDepth + 1:
                    if (_propertyName == JsonReadContext.SchemaProperty)
                    {
                        if (type == JsonTokenType.String && _current!.SchemaReference is null) _current.SchemaReference = reader.GetString();
                        else _layout.Unkept ??= $"'{JsonReadContext.SchemaProperty}' at line {LineOf(start).ToString(CultureInfo.InvariantCulture)} appears twice or is not a string, so canonical form cannot write it as it is";
                    }
                    ValueEnd(end);
                    return;
                case JsonTokenType.EndObject when depth == _definitionDepth:
                    _current!.Closing.AddRange(_pending);
                    _pending.Clear();
                    _trailingSlot = depth == 0 ? _layout._rootTrailing : _current.Trailing;
                    _lastEndLine = LineOf(end - 1);
                    if (depth == 0) _rootEnded = true;
                    return;
                case JsonTokenType.EndArray when depth == 0:
                    _layout._arrayClosing.AddRange(_pending);
                    _pending.Clear();
                    _trailingSlot = _layout._rootTrailing;
                    _lastEndLine = LineOf(end - 1);
                    _rootEnded = true;
                    return;
            }
            // Inside a nested value: comments there were already noted as unkept.
        }

        private void StartDefinition()
        {
            _current = new ObjectComments();
            _layout._objects.Add(_current);
        }

        private void ValueEnd(int end)
        {
            _afterName = false;
            _trailingSlot = _property!.Trailing;
            _lastEndLine = LineOf(end - 1);
        }

        /// <summary>The comment's text with its delimiters; a line comment without its line end, line ends as LF.</summary>
        private readonly string CommentText(int start)
        {
            var rest = _text[start..];
            int length;
            if (rest.Length > 1 && rest[1] == (byte)'/')
            {
                length = rest.IndexOfAny((byte)'\n', (byte)'\r');
                if (length < 0) length = rest.Length;
            }
            else
            {
                length = rest[2..].IndexOf("*/"u8) + 4;
            }
            return Encoding.UTF8.GetString(rest[..length]).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        }

        /// <summary>The 1-based line of byte <paramref name="offset"/>.</summary>
        private readonly int LineOf(int offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            return index >= 0 ? index + 1 : ~index;
        }
    }
}

/// <summary>Small helpers for UTF-8 text as files hold it.</summary>
internal static class Utf8Text
{
    /// <summary><paramref name="utf8"/> without a leading UTF-8 byte-order mark.</summary>
    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;
}
