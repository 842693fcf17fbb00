using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallRules.Runtime.Pipeline;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

public class InputPathsTests
{
    private static string Touch(string folder, string relative)
    {
        var path = Path.Join(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, "{}");
        return path;
    }

    [Fact]
    public void Folders_are_searched_recursively_skipping_hidden_entries_and_files_come_in_ordinal_order_of_full_path()
    {
        var root = TempFolder();
        Touch(root, "b.json");
        Touch(root, "a/z.json");
        Touch(root, "B.json");
        Touch(root, "a/notes.txt");
        Touch(root, "a/.hidden.json");
        Touch(root, ".git/objects.json");
        var errors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve([root], errors);
        Assert.Empty(errors);
        Assert.Equal(
            [Path.Join(root, "B.json"), Path.Join(root, "a", "z.json"), Path.Join(root, "b.json")],
            inputs.Select(i => i.Name));
    }

    [Fact]
    public void The_order_of_the_arguments_does_not_change_the_order_of_the_files()
    {
        var root = TempFolder();
        var a = Touch(root, "a.json");
        var b = Touch(root, "sub/b.json");
        var errors = new List<DefinitionError>();
        var forward = InputPaths.Resolve([a, Path.Join(root, "sub")], errors).Select(i => i.Name);
        var backward = InputPaths.Resolve([Path.Join(root, "sub"), a], errors).Select(i => i.Name);
        Assert.Equal(forward, backward);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_file_named_twice_or_also_found_in_a_folder_is_read_once()
    {
        var root = TempFolder();
        var a = Touch(root, "a.json");
        var errors = new List<DefinitionError>();
        Assert.Single(InputPaths.Resolve([a, root, a], errors));
    }

    [Fact]
    public void A_file_named_explicitly_is_read_whatever_its_extension()
    {
        var root = TempFolder();
        var rules = Touch(root, "trunks.txt");
        Assert.Single(InputPaths.Resolve([rules], new List<DefinitionError>()));
    }

    [Fact]
    public void A_missing_path_is_CR3001()
    {
        var errors = new List<DefinitionError>();
        InputPaths.Resolve(["no/such/file.json"], errors);
        Assert.Equal("error CR3001: 'no/such/file.json' does not exist.", Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_folder_without_json_files_is_CR3002()
    {
        var root = TempFolder();
        Touch(root, "readme.txt");
        var errors = new List<DefinitionError>();
        InputPaths.Resolve([root], errors);
        Assert.Equal("CR3002", Assert.Single(errors).Code);
    }
}
