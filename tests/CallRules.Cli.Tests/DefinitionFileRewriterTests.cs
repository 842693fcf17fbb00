using System;
using System.IO;
using System.Text;
using CallRules.Cli.Hosting;
using CallRules.Runtime;

namespace CallRules.Cli.Tests;

/// <summary>
/// The one piece fmt and migrate (and baseline) rewrite files with. What a process test cannot time, another writer
/// saving the file between our read and our write, is met here by handing it content other than what the file holds.
/// </summary>
public sealed class DefinitionFileRewriterTests
{
    [Fact]
    public void A_file_that_changed_since_it_was_read_is_left_alone_with_a_message()
    {
        var folder = Cli.TempFolder();
        var path = Path.Join(folder, "a.json");
        File.WriteAllText(path, "{ \"saved\": \"by an editor\" }");

        var error = new DefinitionFileRewriter("migrate", "migrated").Replace(path, Encoding.UTF8.GetBytes("{ \"new\": 1 }"),
            expected: Encoding.UTF8.GetBytes("{ \"read\": \"by migrate\" }"));

        Assert.NotNull(error);
        Assert.Equal(ErrorCodes.OutputUnwritable, error.Code);
        Assert.Equal($"{path}: error {ErrorCodes.OutputUnwritable}: The file changed while it was being migrated; it was left as it is. Run migrate again.", error.ToString());
        Assert.Equal("{ \"saved\": \"by an editor\" }", File.ReadAllText(path));
        Assert.Equal(["a.json"], Cli.Entries(folder));
    }

    [Fact]
    public void An_unchanged_file_is_replaced_and_a_missing_one_created()
    {
        var folder = Cli.TempFolder();
        var path = Path.Join(folder, "a.json");
        File.WriteAllText(path, "old");
        var rewriter = new DefinitionFileRewriter("fmt", "formatted");

        Assert.Null(rewriter.Replace(path, Encoding.UTF8.GetBytes("new"), expected: Encoding.UTF8.GetBytes("old")));
        Assert.Null(rewriter.Replace(Path.Join(folder, "b.json"), Encoding.UTF8.GetBytes("made"), expected: null));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal("made", File.ReadAllText(Path.Join(folder, "b.json")));
        Assert.Equal(["a.json", "b.json"], Cli.Entries(folder));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_an_error_naming_the_file()
    {
        var error = new DefinitionFileRewriter("fmt", "formatted").Replace(Path.Join(Cli.TempFolder(), "no", "such", "a.json"),
            Encoding.UTF8.GetBytes("x"), expected: null);

        Assert.NotNull(error);
        Assert.StartsWith($"The file cannot be rewritten: ", error.Message, StringComparison.Ordinal);
    }
}
