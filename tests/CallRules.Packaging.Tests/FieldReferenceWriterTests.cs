using System;
using CallRules.Connections;
using CallRules.Runtime.Documentation;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>The Markdown field reference, from the generated <see cref="Connection.Schema"/> and from a hand-made schema.</summary>
public sealed class FieldReferenceWriterTests
{
    [Fact]
    public void Every_connection_field_has_a_row_and_a_section_with_its_call_rule_key()
    {
        var markdown = FieldReferenceWriter.ToMarkdown(Connection.Schema);

        foreach (var field in Connection.Schema.Fields)
        {
            Assert.Contains($"| [`{field.Name}`](#{field.Name.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant()}) |", markdown);
            Assert.Contains($"\n## `{field.Name}`\n", markdown);
            if (field.CallRule is not null)
                Assert.Contains($"- **Call rule:** `{field.CallRule}=…`", markdown);
        }
    }

    [Fact]
    public void Reference_is_written_the_same_way_every_time_with_LF_line_ends()
    {
        var first = FieldReferenceWriter.ToMarkdown(Connection.Schema);

        Assert.Equal(first, FieldReferenceWriter.ToMarkdown(Connection.Schema));
        Assert.DoesNotContain('\r', first);
        Assert.EndsWith("\n", first, StringComparison.Ordinal);
        Assert.StartsWith("# Connection fields\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_section_lists_type_limits_default_mapping_and_property()
    {
        var section = Section(FieldReferenceWriter.ToMarkdown(SchemaFixtures.Trunk), "mode");

        Assert.Contains("- **Type:** enum: one of the values below\n", section);
        Assert.Contains("- **Default:** `fast`\n", section);
        Assert.Contains("- **Call rule:** `Mode=…`; values are written as mapped below\n", section);
        Assert.Contains("- **C# property:** `Mode` (enum `TrunkMode`)\n", section);
        Assert.Contains("| `fast` | `F` | Quick \\| risky. |\n", section);
        Assert.Contains("| `slow\\|safe` | `S` |  |\n", section);
        Assert.Contains("| `` `odd` `` | `O` |  |\n", section);
    }

    [Fact]
    public void Keys_defaults_from_other_fields_secrets_and_unsupported_fields_are_spelled_out()
    {
        var markdown = FieldReferenceWriter.ToMarkdown(SchemaFixtures.Trunk);

        Assert.Contains("- **Required:** yes; key field 2 of 2\n", Section(markdown, "name"));
        Assert.Contains("- **Length:** at least 3 characters\n", Section(markdown, "name"));
        Assert.Contains("- **Pattern:** the whole value matches `[a-z]+`\n", Section(markdown, "site"));
        Assert.Contains("- **Default:** the value of [`name`](#name) when absent\n", Section(markdown, "alias"));
        Assert.Contains("- **Range:** -10 to 10\n", Section(markdown, "offset"));
        Assert.Contains("- **Secret:**", Section(markdown, "secret-key"));
        Assert.Contains("- **Format:** `date-time`", Section(markdown, "starts"));
        Assert.Contains("> **Not supported.** Use 'mode' instead.\n", Section(markdown, "legacy"));
        Assert.Contains("- **Call rule:** none; the field is not written to the call rules\n", Section(markdown, "legacy"));
        Assert.Contains("- **Default:** empty", Section(markdown, "empty-default"));
        Assert.Contains("| [`alias`](#alias) | string |  | from `name` | `Alias` |\n", markdown);
    }

    private static string Section(string markdown, string field)
    {
        var start = markdown.IndexOf($"\n## `{field}`\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section for {field}.");
        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }
}
