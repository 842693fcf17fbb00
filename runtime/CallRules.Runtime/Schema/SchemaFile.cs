using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallRules.Runtime.Json;

namespace CallRules.Runtime.Schema;

/// <summary>
/// Reads a schema file (the schema language, docs/schema-language.md) at run time into the same
/// <see cref="DefinitionSchema"/> data the generator emits, for the tools that work with a schema other than the one
/// compiled in: <c>callrules baseline</c> (which writes a shipped baseline of any schema file) and
/// <c>callrules schema-diff</c> (which compiles definitions with an earlier schema).
/// </summary>
/// <remarks>
/// The build checks a schema completely (the generator's diagnostics); this reader checks its shape: valid JSON (with
/// comments), known keywords, values of the right kind, every field with a name and a type. A problem is
/// <see cref="ErrorCodes.SchemaUnreadable"/> at its line and column. Derived names (properties, enum types) follow
/// the generator's rule (common/ClrNames.cs), and a test holds what this reader makes of every schema in the
/// repository equal to what the generator made of it.
/// </remarks>
public static class SchemaFile
{
    /// <summary>Reads the schema file at <paramref name="path"/>, named <paramref name="shownName"/> in messages; null, with errors added, when it cannot be read.</summary>
    public static DefinitionSchema? Read(string path, string shownName, ICollection<DefinitionError> errors) =>
        Read(path, shownName, errors, out _);

    /// <summary>
    /// As <see cref="Read(string, string, ICollection{DefinitionError})"/>, and counts the entries of the schema's
    /// <c>allowBreaking</c> (which a run does not use, but a baseline refresh makes stale).
    /// </summary>
    public static DefinitionSchema? Read(string path, string shownName, ICollection<DefinitionError> errors, out int allowBreakingEntries)
    {
        allowBreakingEntries = 0;
        ArgumentNullException.ThrowIfNull(errors);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new DefinitionError(File.Exists(path) || Directory.Exists(path) ? ErrorCodes.FileUnreadable : ErrorCodes.InputNotFound,
                File.Exists(path) || Directory.Exists(path) ? $"The schema file cannot be read: {e.Message}" : $"'{shownName}' does not exist.", File: shownName));
            return null;
        }
        return Parse(bytes, shownName, errors, out allowBreakingEntries);
    }

    /// <summary>Reads a schema file held in memory, named <paramref name="file"/> in messages; null, with errors added, when it cannot be read.</summary>
    public static DefinitionSchema? Parse(ReadOnlySpan<byte> utf8, string file, ICollection<DefinitionError> errors) =>
        Parse(utf8, file, errors, out _);

    private static DefinitionSchema? Parse(ReadOnlySpan<byte> utf8, string file, ICollection<DefinitionError> errors, out int allowBreakingEntries)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var reader = new Reader(utf8.ToArray(), file, errors);
        var schema = reader.ReadSchema();
        allowBreakingEntries = reader.AllowBreakingEntries;
        return schema;
    }

    private sealed class Node
    {
        public required JsonTokenType Kind { get; init; }
        public SourcePosition At { get; init; }
        public string? Text { get; init; }
        public List<(string Name, SourcePosition At, Node Value)> Properties { get; } = [];
        public List<Node> Items { get; } = [];

        public string KindName => Kind switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            _ => "null",
        };
    }

    private sealed class Reader(byte[] utf8, string file, ICollection<DefinitionError> errors)
    {
        private readonly SourcePositionTracker _positions = new();
        private int _errorCount;

        public int AllowBreakingEntries { get; private set; }

        public DefinitionSchema? ReadSchema()
        {
            _positions.Reset(utf8, new SourcePosition(1, 1));
            Node root;
            var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };
            try
            {
                var reader = new Utf8JsonReader(utf8, options);
                if (!reader.Read())
                {
                    Error(new SourcePosition(1, 1), "The file is empty; a schema file holds one JSON object.");
                    return null;
                }
                root = ReadNode(ref reader);
                if (reader.Read())
                {
                    Error(_positions.PositionOf(reader.TokenStartIndex), "There is text after the schema object; a schema file holds one JSON object.");
                    return null;
                }
            }
            catch (JsonException e)
            {
                Error(JsonReaderLines.PositionOf(e, utf8, options), $"The file is not valid JSON: {JsonReaderLines.Message(e)}");
                return null;
            }
            if (root.Kind != JsonTokenType.StartObject)
            {
                Error(root.At, $"The file holds {root.KindName}; a schema is one JSON object with 'name', 'namespace', 'key' and 'fields'.");
                return null;
            }
            return Interpret(root);
        }

        private Node ReadNode(ref Utf8JsonReader reader)
        {
            var at = _positions.PositionOf(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var obj = new Node { Kind = JsonTokenType.StartObject, At = at };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var nameAt = _positions.PositionOf(reader.TokenStartIndex);
                        var name = reader.GetString()!;
                        reader.Read();
                        obj.Properties.Add((name, nameAt, ReadNode(ref reader)));
                    }
                    return obj;
                case JsonTokenType.StartArray:
                    var array = new Node { Kind = JsonTokenType.StartArray, At = at };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        array.Items.Add(ReadNode(ref reader));
                    return array;
                case JsonTokenType.String:
                    return new Node { Kind = JsonTokenType.String, At = at, Text = reader.GetString() };
                case JsonTokenType.Number:
                    return new Node { Kind = JsonTokenType.Number, At = at, Text = Encoding.UTF8.GetString(reader.ValueSpan) };
                default:
                    return new Node { Kind = reader.TokenType, At = at };
            }
        }

        private DefinitionSchema? Interpret(Node root)
        {
            string? name = null, ns = null, description = null;
            var key = new List<string>();
            var fields = new List<FieldInfo>();
            var removed = new List<RemovedField>();
            foreach (var (keyword, at, value) in root.Properties)
            {
                switch (keyword)
                {
                    case SchemaKeywords.JsonSchema:
                        if (value.Text?.Contains("json-schema.org", StringComparison.OrdinalIgnoreCase) == true)
                        {
                            Error(value.At, "This is a JSON Schema document, not a CallRules schema file.");
                            return null;
                        }
                        break;
                    case SchemaKeywords.Name: name = String(keyword, value); break;
                    case SchemaKeywords.Namespace: ns = String(keyword, value); break;
                    case SchemaKeywords.Description: description = String(keyword, value); break;
                    case SchemaKeywords.Key:
                        foreach (var item in Array(keyword, value))
                            if (String(keyword, item) is { } keyName) key.Add(keyName);
                        break;
                    case SchemaKeywords.Fields:
                        foreach (var item in Array(keyword, value))
                            if (Object(keyword, item) && ReadField(item) is { } field) fields.Add(field);
                        break;
                    case SchemaKeywords.Removed:
                        foreach (var item in Array(keyword, value))
                        {
                            if (!Object(keyword, item)) continue;
                            var removedName = item.Properties.FirstOrDefault(p => p.Name == SchemaKeywords.Name).Value;
                            var reason = item.Properties.FirstOrDefault(p => p.Name == SchemaKeywords.Reason).Value;
                            if (removedName?.Text is { } n && reason?.Text is { } r) removed.Add(new RemovedField(n, r));
                            else Error(item.At, "An entry of \"removed\" needs a 'name' and a 'reason', both strings.");
                        }
                        break;
                    case SchemaKeywords.AllowBreaking:
                        // Which breaks the build allows; nothing a run uses.
                        AllowBreakingEntries = Array(keyword, value).Count;
                        break;
                    default:
                        Error(at, $"'{keyword}' is not a keyword of a schema{DidYouMean(keyword, SchemaKeywords.OfSchema)}");
                        break;
                }
            }
            if (name is null || fields.Count == 0 || key.Count == 0)
                Error(root.At, "A schema needs 'name', 'key' and 'fields'.");
            if (_errorCount > 0) return null;
            return new DefinitionSchema
            {
                Name = name!,
                Namespace = ns,
                SchemaFile = Path.GetFileName(file),
                Description = description,
                Fields = fields,
                Key = key,
                Removed = removed,
            };
        }

        private FieldInfo? ReadField(Node node)
        {
            string? name = null, property = null, type = null, enumType = null, description = null, @default = null,
                defaultFrom = null, callRule = null, pattern = null, format = null, unsupported = null, deprecated = null;
            bool required = false, secret = false;
            int? maxLength = null, minLength = null;
            long? minimum = null, maximum = null;
            var values = new List<string>();
            var valueDescriptions = new Dictionary<string, string>(StringComparer.Ordinal);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var renamedFrom = new List<string>();
            foreach (var (keyword, at, value) in node.Properties)
            {
                switch (keyword)
                {
                    case SchemaKeywords.Name: name = String(keyword, value); break;
                    case SchemaKeywords.Property: property = String(keyword, value); break;
                    case SchemaKeywords.Type: type = String(keyword, value); break;
                    case SchemaKeywords.EnumType: enumType = String(keyword, value); break;
                    case SchemaKeywords.Description: description = String(keyword, value); break;
                    case SchemaKeywords.Required: required = Bool(keyword, value); break;
                    case SchemaKeywords.Secret: secret = Bool(keyword, value); break;
                    case SchemaKeywords.Default: @default = value.Kind is JsonTokenType.String or JsonTokenType.Number ? value.Text : Wrong(keyword, value, "a string or a whole number"); break;
                    case SchemaKeywords.DefaultFrom: defaultFrom = String(keyword, value); break;
                    case SchemaKeywords.CallRule: callRule = String(keyword, value); break;
                    case SchemaKeywords.Pattern: pattern = String(keyword, value); break;
                    case SchemaKeywords.Format: format = String(keyword, value); break;
                    case SchemaKeywords.Unsupported: unsupported = String(keyword, value); break;
                    case SchemaKeywords.Deprecated: deprecated = String(keyword, value); break;
                    case SchemaKeywords.MaxLength: maxLength = (int?)Integer(keyword, value); break;
                    case SchemaKeywords.MinLength: minLength = (int?)Integer(keyword, value); break;
                    case SchemaKeywords.Minimum: minimum = Integer(keyword, value); break;
                    case SchemaKeywords.Maximum: maximum = Integer(keyword, value); break;
                    case SchemaKeywords.Examples: break;
                    case SchemaKeywords.RenamedFrom:
                        foreach (var item in Array(keyword, value))
                            if (String(keyword, item) is { } earlier) renamedFrom.Add(earlier);
                        break;
                    case SchemaKeywords.Values:
                        foreach (var item in Array(keyword, value))
                        {
                            if (item.Kind == JsonTokenType.String)
                            {
                                values.Add(item.Text!);
                                continue;
                            }
                            if (!Object(keyword, item)) continue;
                            var wire = item.Properties.FirstOrDefault(p => p.Name == SchemaKeywords.Value).Value;
                            if (wire?.Text is not { } wireText)
                            {
                                Error(item.At, "An enum value written as an object needs a 'value', a string.");
                                continue;
                            }
                            values.Add(wireText);
                            if (item.Properties.FirstOrDefault(p => p.Name == SchemaKeywords.Description).Value?.Text is { } valueDescription)
                                valueDescriptions[wireText] = valueDescription;
                        }
                        break;
                    case SchemaKeywords.Map:
                        if (!Object(keyword, value)) break;
                        foreach (var (from, _, to) in value.Properties)
                            if (String(keyword, to) is { } target) map[from] = target;
                        break;
                    default:
                        Error(at, $"'{keyword}' is not a keyword of a field{DidYouMean(keyword, SchemaKeywords.OfField)}");
                        break;
                }
            }
            var kindIndex = type is null ? -1 : System.Array.IndexOf(SchemaKeywords.Types, type);
            if (name is null || kindIndex < 0)
            {
                Error(node.At, type is null || name is null
                    ? "A field needs a 'name' and a 'type'."
                    : $"Field '{name}' has type '{type}'; use one of: {string.Join(", ", SchemaKeywords.Types)}.");
                return null;
            }
            var kind = (FieldKind)kindIndex;
            var clrProperty = property ?? ClrNames.ToPascalCase(name);
            return new FieldInfo
            {
                Name = name,
                Property = clrProperty,
                Kind = kind,
                EnumType = kind == FieldKind.Enum ? enumType ?? clrProperty : null,
                Required = required,
                Description = description,
                Values = values,
                ValueDescriptions = valueDescriptions,
                Default = @default,
                DefaultFrom = defaultFrom,
                Map = map,
                CallRule = callRule,
                MaxLength = maxLength,
                MinLength = minLength,
                Minimum = minimum,
                Maximum = maximum,
                Pattern = pattern,
                Format = format,
                Secret = secret,
                Unsupported = unsupported,
                Deprecated = deprecated,
                RenamedFrom = renamedFrom,
            };
        }

        private string? String(string keyword, Node value) =>
            value.Kind == JsonTokenType.String ? value.Text : Wrong(keyword, value, "a string");

        private bool Bool(string keyword, Node value)
        {
            if (value.Kind is JsonTokenType.True or JsonTokenType.False) return value.Kind == JsonTokenType.True;
            Wrong(keyword, value, "true or false");
            return false;
        }

        private long? Integer(string keyword, Node value)
        {
            if (value.Kind == JsonTokenType.Number && long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                return number;
            Wrong(keyword, value, "a whole number");
            return null;
        }

        private List<Node> Array(string keyword, Node value)
        {
            if (value.Kind == JsonTokenType.StartArray) return value.Items;
            Wrong(keyword, value, "an array");
            return [];
        }

        private bool Object(string keyword, Node value)
        {
            if (value.Kind == JsonTokenType.StartObject) return true;
            Wrong(keyword, value, "an object");
            return false;
        }

        private string? Wrong(string keyword, Node value, string expected)
        {
            Error(value.At, $"'{keyword}' must be {expected}; found {value.KindName}.");
            return null;
        }

        private static string DidYouMean(string name, IEnumerable<string> candidates) =>
            Validation.Suggestions.Closest(name, candidates) is { } best ? $"; did you mean '{best}'?" : ".";

        private void Error(SourcePosition at, string message)
        {
            _errorCount++;
            errors.Add(new DefinitionError(ErrorCodes.SchemaUnreadable, message, File: file, Position: at));
        }
    }
}
