using System.IO;
using System.Linq;

namespace CallRules.Cli.Tests;

/// <summary>
/// Where a file is not valid JSON, the position comes from System.Text.Json's reader, which counts lines its own way: a
/// carriage return that ends a <c>//</c> comment is a line break to it, though nowhere else, and its columns are bytes.
/// Every command that reads JSON gives the position every other message of the CLI gives: lines end at line feeds (a
/// lone carriage return is a character of its line), columns count characters.
/// </summary>
public class JsonErrorPositionTests
{
    // A comment ended by a lone carriage return (old Mac line ends; the carriage return is character 40), then a property
    // name without quotes at character 43 of the file's only line. The reader says "line 2, byte 2".
    private const string CommentEndedByCr = "// a comment ended by a carriage return\r{ x }";

    // The same mistake after a character of two UTF-8 bytes in the line: column 8 in characters, 9 in bytes.
    private const string AfterNonAscii = "{ \"é\": x }";

    [Theory]
    [InlineData("validate")]
    [InlineData("compile")]
    [InlineData("fmt")]
    public void Definition_files_name_the_line_an_editor_shows_after_a_comment_ended_by_a_carriage_return(string command)
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "cr.json"), CommentEndedByCr);
        File.WriteAllText(Path.Join(folder, "crlf.json"), CommentEndedByCr.Replace("\r", "\r\n"));

        var run = command == "compile" ? Cli.Run(folder, command, ".", "--out", "out") : Cli.Run(folder, command, ".");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith($"{Path.Join(".", "cr.json")}(1,43): error CR0001: The file is not valid JSON: ", run.StderrLines[0]);
        Assert.StartsWith($"{Path.Join(".", "crlf.json")}(2,3): error CR0001: The file is not valid JSON: ", run.StderrLines[1]);
    }

    [Fact]
    public void Definition_files_count_columns_in_characters()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "a.json"), AfterNonAscii);

        var run = Cli.Run(folder, "validate", "a.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("a.json(1,8): error CR0001: ", run.StderrLines[0]);
    }

    [Theory]
    [InlineData(CommentEndedByCr, "(1,43)")]
    [InlineData(AfterNonAscii, "(1,8)")]
    public void Migrate_names_the_same_position_as_validate(string content, string position)
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "bad.json"), content);

        var run = Cli.RunPeer(folder, "migrate", "bad.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith($"bad.json{position}: error CR0001: The file is not valid JSON", run.StderrLines[0]);
        Assert.Equal(content, File.ReadAllText(Path.Join(folder, "bad.json")));
    }

    [Theory]
    [InlineData(CommentEndedByCr, "(1,43)")]
    [InlineData(AfterNonAscii, "(1,8)")]
    public void Schema_diff_names_the_same_position_as_validate_in_a_definition_file(string content, string position)
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "bad.json"), content);

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", Path.Join(Cli.PeerFixture, "peer.schema.shipped.json"), "bad.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"bad.json{position}: error CR0001: The file is not valid JSON", run.Stdout + run.Stderr);
    }

    [Theory]
    [InlineData(CommentEndedByCr, "(1,43)")]
    [InlineData(AfterNonAscii, "(1,8)")]
    public void A_schema_file_that_is_not_json_is_located_the_same_way(string content, string position)
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "old.schema.json"), content);
        File.WriteAllText(Path.Join(folder, "a.json"), """{ "domain": "example.com", "host": "192.0.2.1" }""");

        var run = Cli.RunPeer(folder, "schema-diff", "--baseline", "old.schema.json", "a.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"old.schema.json{position}: error ", run.Stdout + run.Stderr);
        Assert.Contains("The file is not valid JSON", run.Stdout + run.Stderr);
    }

    [Fact]
    public void Text_after_a_comment_ended_by_a_carriage_return_is_not_part_of_the_comment()
    {
        // To the reader the comment ends at the carriage return, so the file is not "only comments" and the element
        // after a skipped oversized one starts where the reader says.
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "a-text.json"), "// only a comment?\r x");
        File.WriteAllText(Path.Join(folder, "b-huge.json"),
            "[{\"description\": \"" + new string('d', 5_000_000) + "\" // ends here\r},\n {\"domain\": 5}]");

        var run = Cli.Run(folder, "validate", ".");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith($"{Path.Join(".", "a-text.json")}(1,21): error CR0001: The file is not valid JSON: ", run.StderrLines[0]);
        Assert.StartsWith($"{Path.Join(".", "b-huge.json")}(1,2): error CR0005: ", run.StderrLines[1]);
        var huge = run.StderrLines.Where(l => l.StartsWith(Path.Join(".", "b-huge.json"))).ToArray();
        Assert.True(huge.Length >= 2, run.ToString());
        Assert.All(huge.Skip(1), l => Assert.StartsWith($"{Path.Join(".", "b-huge.json")}(2,", l));
        Assert.All(huge, l => Assert.DoesNotContain("CR0001", l));
    }
}
