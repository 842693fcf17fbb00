using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallRules.Packaging.Tests.Infrastructure;

/// <summary>
/// The steps of the README's "Adding a field" section, read from the README itself so that the walkthrough test
/// follows whatever the README says today: the example field (the fenced block after
/// <c>&lt;!-- adding-a-field:field --&gt;</c>) and the commands that refresh what is generated from the schema (the
/// fenced block after <c>&lt;!-- adding-a-field:commands --&gt;</c>). A missing section, marker or block is an error
/// that names what is missing, never an empty list of steps.
/// </summary>
internal sealed record AddingFieldSteps(string FieldJson, JsonObject Field, IReadOnlyList<string> Commands)
{
    /// <summary>The heading of the section.</summary>
    public const string Heading = "## Adding a field";

    /// <summary>The marker before the example field's block.</summary>
    public const string FieldMarker = "adding-a-field:field";

    /// <summary>The marker before the commands' block.</summary>
    public const string CommandsMarker = "adding-a-field:commands";

    /// <summary>The field's wire name.</summary>
    public string Name => Field["name"]!.GetValue<string>();

    /// <summary>The field's call-rule key.</summary>
    public string CallRule => Field["callRule"]!.GetValue<string>();

    /// <summary>Reads the steps from the text of a README.</summary>
    /// <exception cref="InvalidDataException">The section, a marker or a block is missing or malformed.</exception>
    public static AddingFieldSteps Parse(string readme)
    {
        var lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == Heading);
        if (start < 0)
            throw new InvalidDataException($"README.md has no '{Heading}' section, so there are no steps to follow.");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var section = lines[(start + 1)..(end < 0 ? lines.Length : end)];

        var fieldJson = Block(section, FieldMarker);
        JsonObject field;
        try
        {
            field = JsonNode.Parse(fieldJson) as JsonObject
                ?? throw new InvalidDataException($"The block after <!-- {FieldMarker} --> in README.md is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The block after <!-- {FieldMarker} --> in README.md is not valid JSON: {e.Message}", e);
        }
        if (field["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
            throw new InvalidDataException($"The example field after <!-- {FieldMarker} --> in README.md has no \"name\".");
        if (field["callRule"] is not JsonValue key || key.GetValueKind() != JsonValueKind.String)
            throw new InvalidDataException(
                $"The example field after <!-- {FieldMarker} --> in README.md has no \"callRule\": the walkthrough adds a field with a new call-rule key.");

        var commands = ReadCommands(Block(section, CommandsMarker));
        if (commands.Count == 0)
            throw new InvalidDataException($"The block after <!-- {CommandsMarker} --> in README.md holds no command.");
        return new AddingFieldSteps(fieldJson, field, commands);
    }

    /// <summary>The text of the fenced block that follows the line <c>&lt;!-- {marker}…</c> in the section.</summary>
    private static string Block(string[] section, string marker)
    {
        var at = Array.FindIndex(section, l => IsMarker(l, marker));
        if (at < 0)
            throw new InvalidDataException(
                $"README.md's '{Heading}' section has no <!-- {marker} --> marker before its block, so that step cannot be followed.");
        var open = Array.FindIndex(section, at + 1, l => l.Trim().Length > 0);
        if (open < 0 || !section[open].StartsWith("```", StringComparison.Ordinal))
            throw new InvalidDataException($"In README.md, <!-- {marker} --> is not followed by a fenced code block.");
        var close = Array.FindIndex(section, open + 1, l => l.TrimEnd() == "```");
        if (close < 0)
            throw new InvalidDataException($"In README.md, the code block after <!-- {marker} --> is not closed.");
        return string.Join('\n', section[(open + 1)..close]);
    }

    private static bool IsMarker(string line, string marker)
    {
        var text = line.Trim();
        if (!text.StartsWith("<!-- " + marker, StringComparison.Ordinal) || !text.EndsWith("-->", StringComparison.Ordinal))
            return false;
        var after = text[("<!-- " + marker).Length];
        return after is ' ' or '-';
    }

    /// <summary>One command a line, as a shell reads them: blank and comment lines skipped, a trailing backslash joins lines.</summary>
    private static List<string> ReadCommands(string block)
    {
        var commands = new List<string>();
        var pending = new StringBuilder();
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')))
                continue;
            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }
            commands.Add(pending.Append(line).ToString().Trim());
            pending.Clear();
        }
        if (pending.Length > 0)
            commands.Add(pending.ToString().Trim());
        return commands;
    }

    /// <summary>
    /// The schema text with the example field added at the end of its <c>fields</c> array, indented like the fields
    /// before it; the rest of the file is left byte for byte as it was.
    /// </summary>
    /// <exception cref="InvalidDataException">The schema has no <c>fields</c> array, or already a field of that name.</exception>
    public string AddTo(string schema)
    {
        var bytes = Encoding.UTF8.GetBytes(schema);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        int arrayDepth = -1, insertAt = -1, indentOf = -1;
        var names = new List<string>();
        while (reader.Read())
        {
            if (arrayDepth < 0)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("fields"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new InvalidDataException("The schema's \"fields\" is not an array.");
                    arrayDepth = reader.CurrentDepth;
                    insertAt = (int)reader.BytesConsumed;
                }
                continue;
            }
            if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == arrayDepth)
                break;
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == arrayDepth + 1 && indentOf < 0)
                indentOf = (int)reader.TokenStartIndex;
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == arrayDepth + 2 && reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                names.Add(reader.GetString() ?? "");
            }
            if ((reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == arrayDepth + 1)
                || (reader.TokenType != JsonTokenType.PropertyName && reader.CurrentDepth == arrayDepth + 1
                    && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)))
                insertAt = (int)reader.BytesConsumed;
        }
        if (arrayDepth < 0)
            throw new InvalidDataException("The schema has no top-level \"fields\" array to add the example field to.");
        if (names.Contains(Name, StringComparer.Ordinal))
            throw new InvalidDataException(
                $"The schema already has a field '{Name}': the README's example was added for real, so the walkthrough cannot add it again.");

        var indent = indentOf < 0 ? "    " : new string(' ', indentOf - (Array.LastIndexOf(bytes, (byte)'\n', indentOf) + 1));
        var field = string.Join("\n", FieldJson.Split('\n').Select(l => l.Length == 0 ? l : indent + l));
        var before = Encoding.UTF8.GetString(bytes, 0, insertAt);
        var after = Encoding.UTF8.GetString(bytes, insertAt, bytes.Length - insertAt);
        return before + (names.Count > 0 ? "," : "") + "\n" + field + after;
    }
}
