using System.Linq;
using System.Text;
using CallRules.Runtime.Pipeline;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

public class FileErrorTests
{
    private static DefinitionError OnlyError(DefinitionInput input, CompileOptions? options = null) =>
        Assert.Single(Compile(options ?? new CompileOptions(), input).Errors);

    [Fact]
    public void Malformed_json_is_CR0001_at_its_line_and_character_column()
    {
        var error = OnlyError(File("a.json", "[\n  {\"zone\": \"ż\", \"pattern\": \"1\"},\n  {\"zone\": \"b\" \"pattern\": \"2\"}\n]"));
        Assert.Equal("CR0001", error.Code);
        Assert.Equal(new SourcePosition(3, 16), error.Position);
        Assert.StartsWith("The file is not valid JSON: '\"' is invalid after a value.", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void Definitions_before_a_syntax_error_are_still_checked()
    {
        var result = Compile(File("a.json", "[{\"zone\": \"a\"},\n{"));
        Assert.Equal(["CR1004", "CR0001"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Trailing_content_after_the_definition_is_CR0001()
    {
        var error = OnlyError(File("a.json", Trunk("a", "1") + "\n" + Trunk("b", "2")));
        Assert.Equal("CR0001", error.Code);
        Assert.Equal(2, error.Position.Line);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'{', 0 }, "UTF-16")]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'{' }, "UTF-16")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0, 0, (byte)'{', 0, 0, 0 }, "UTF-32")]
    [InlineData(new byte[] { (byte)'{', 0, (byte)'}', 0 }, "NUL bytes")]
    public void A_utf16_or_utf32_file_is_CR0002(byte[] bytes, string named)
    {
        var error = OnlyError(File("a.json", bytes));
        Assert.Equal("CR0002", error.Code);
        Assert.Contains(named, error.Message);
        Assert.Equal("a.json(1,1): error CR0002: " + error.Message, error.ToString());
    }

    [Fact]
    public void An_invalid_utf8_byte_is_CR0002_at_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("[\n" + Trunk("a", "1") + ",\n{\"zone\": \"b\", \"pattern\": \"X\"}]");
        bytes[System.Array.LastIndexOf(bytes, (byte)'X')] = 0xFF;
        var error = OnlyError(File("a.json", bytes));
        Assert.Equal("CR0002", error.Code);
        Assert.Equal(new SourcePosition(3, 27), error.Position);
        Assert.Equal("$[1]", error.JsonPath);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped_and_columns_start_after_it()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"zone\": \"a\"}")).ToArray();
        var error = OnlyError(File("a.json", bytes));
        Assert.Equal("CR1004", error.Code);
        Assert.Equal(new SourcePosition(1, 1), error.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\n")]
    [InlineData("// nothing here\n/* or here */\n")]
    public void An_empty_file_is_CR0003(string text)
    {
        var error = OnlyError(File("a.json", text));
        Assert.Equal("CR0003", error.Code);
        Assert.Equal("a.json(1,1)", error.File + error.Position);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_CR0004_at_the_bracket_that_goes_too_deep()
    {
        var json = "[{\"note\": " + new string('[', 70) + new string(']', 70) + "}]";
        var error = OnlyError(File("a.json", json));
        Assert.Equal("CR0004", error.Code);
        Assert.Equal(new SourcePosition(1, 11 + 62), error.Position);
    }

    [Fact]
    public void A_definition_over_the_size_limit_is_CR0005_and_the_next_definitions_are_still_read()
    {
        var big = Trunk("a", "1", ", \"note\": \"" + new string('n', 5000) + "\"");
        var result = Compile(new CompileOptions { MaxDefinitionBytes = 1000 },
            File("a.json", $"[\n{big},\n{{\"zone\": \"b\"}}]"));
        Assert.Equal(["CR0005", "CR1004"], result.Errors.Select(e => e.Code));
        Assert.Equal(new SourcePosition(2, 1), result.Errors[0].Position);
        Assert.Equal("$[0]", result.Errors[0].JsonPath);
    }

    [Fact]
    public void A_definition_over_the_limit_that_spans_many_reads_is_CR0005_without_keeping_it()
    {
        var big = Trunk("a", "1", ", \"note\": \"" + new string('n', 300_000) + "\", \"limit\": 1");
        var result = Compile(new CompileOptions { MaxDefinitionBytes = 100_000 },
            File("a.json", $"[{big}, {Trunk("b", "2")}, {{\"zone\": 1}}]"));
        // The last definition: 'pattern' is missing (at the object), 'zone' has the wrong type (and is not also "missing").
        Assert.Equal(["CR0005", "CR1004", "CR1003"], result.Errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData("\"just a string\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void A_top_level_value_that_is_not_an_object_or_array_is_CR0006(string json, string named)
    {
        var error = OnlyError(File("a.json", json));
        Assert.Equal("CR0006", error.Code);
        Assert.Equal($"The file holds {named}; it should hold a definition object or an array of them.", error.Message);
    }

    [Fact]
    public void An_array_element_that_is_not_an_object_is_CR0006_with_its_index()
    {
        var result = Compile(File("a.json", $"[{Trunk("a", "1")}, [1, 2], \"x\", {Trunk("b", "2")}]"));
        Assert.Equal(["$[1]", "$[2]"], result.Errors.Select(e => e.JsonPath));
        Assert.All(result.Errors, e => Assert.Equal("CR0006", e.Code));
        Assert.Equal(2, result.DefinitionCount);
    }

    [Fact]
    public void An_escaped_unpaired_surrogate_is_reported_not_thrown()
    {
        var result = Compile(File("a.json", "{\"zone\": \"a\", \"pattern\": \"1\", \"note\": \"x\\uD800y\"}"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("a.json(1,31): error CR1012: 'note' contains an escaped unpaired surrogate (a \\uD800-\\uDFFF escape without its pair); call-rule values cannot hold it.", error.ToString());
    }
}
