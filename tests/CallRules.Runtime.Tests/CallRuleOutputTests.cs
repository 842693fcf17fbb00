using System;
using System.IO;
using System.Linq;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

public class CallRuleOutputTests
{
    private static CompileResult TwoZones() => Compile(File("a.json",
        $"[{Trunk("b.example", "1*")}, {Trunk("A.example", "2")}, {Trunk("b.example", "3")}]"));

    [Fact]
    public void The_single_file_is_named_after_the_schema_in_lower_case_and_holds_every_section()
    {
        var folder = TempFolder();
        using var result = TwoZones();
        var written = CallRuleOutput.Write(result.Rules!, TestTrunk.Schema, folder, OutputLayout.SingleFile, out var error);
        Assert.Null(error);
        Assert.Equal([Path.Join(folder, "testtrunk.rules")], written);
        Assert.Equal(["testtrunk.rules"], FilesIn(folder));
        Assert.Equal(result.Rules!.ToArray(), System.IO.File.ReadAllBytes(written![0]));
    }

    [Fact]
    public void Split_by_first_key_writes_one_file_per_value_each_with_the_header()
    {
        var folder = TempFolder();
        using var result = TwoZones();
        CallRuleOutput.Write(result.Rules!, TestTrunk.Schema, folder, OutputLayout.SplitByFirstKey, out var error);
        Assert.Null(error);
        Assert.Equal(["%41.example.rules", "b.example.rules"], FilesIn(folder));
        var b = System.IO.File.ReadAllText(Path.Join(folder, "b.example.rules"));
        Assert.StartsWith("# Call rules for TestTrunk", b);
        Assert.Equal(["[b.example/3]", "[b.example/1*]"], b.Split('\n').Where(l => l.StartsWith('[')));
    }

    [Theory]
    [InlineData("example.com", "example.com.rules")]
    [InlineData("Example.COM", "%45xample.%43%4F%4D.rules")]
    [InlineData("*", "%2A.rules")]
    [InlineData("~", "%7E.rules")]
    [InlineData(".hidden", "%2Ehidden.rules")]
    [InlineData("..", "%2E..rules")]
    [InlineData("a/b\\c:d", "a%2Fb%5Cc%3Ad.rules")]
    [InlineData("con", "%63on.rules")]
    [InlineData("nul.example", "%6Eul.example.rules")]
    [InlineData("żółw", "%C5%BC%C3%B3%C5%82w.rules")]
    [InlineData("100%", "100%25.rules")]
    [InlineData("", "%.rules")]
    public void First_key_values_become_safe_distinct_file_names(string value, string expected)
    {
        Assert.Equal(expected, CallRuleOutput.FileNameFor(value));
    }

    [Fact]
    public void File_names_differ_even_where_the_file_system_ignores_case()
    {
        var values = new[] { "a", "A", "%41", "b.example", "B.example", "con", "CON", "Con" };
        var names = values.Select(CallRuleOutput.FileNameFor).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_output_folder_is_created_when_missing_and_no_temporary_file_is_left()
    {
        var folder = Path.Join(TempFolder(), "deep", "er");
        using var result = TwoZones();
        CallRuleOutput.Write(result.Rules!, TestTrunk.Schema, folder, OutputLayout.SingleFile, out var error);
        Assert.Null(error);
        Assert.Equal(["testtrunk.rules"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_output_file_is_replaced_whole()
    {
        var folder = TempFolder();
        var path = Path.Join(folder, "testtrunk.rules");
        System.IO.File.WriteAllText(path, new string('x', 100_000));
        using var result = TwoZones();
        CallRuleOutput.Write(result.Rules!, TestTrunk.Schema, folder, OutputLayout.SingleFile, out _);
        Assert.Equal(result.Rules!.ToArray(), System.IO.File.ReadAllBytes(path));
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_CR3003_and_nothing_is_written()
    {
        var folder = TempFolder();
        var blocker = Path.Join(folder, "out");
        System.IO.File.WriteAllText(blocker, "not a folder");
        using var result = TwoZones();
        var written = CallRuleOutput.Write(result.Rules!, TestTrunk.Schema, blocker, OutputLayout.SingleFile, out var error);
        Assert.Null(written);
        Assert.Equal("CR3003", error!.Code);
        Assert.StartsWith($"error CR3003: Cannot write the call rules to '{blocker}'", error.ToString());
        Assert.Equal("not a folder", System.IO.File.ReadAllText(blocker));
        Assert.Equal(["out"], FilesIn(folder));
    }

    [Fact]
    public void A_replaced_file_keeps_the_permissions_the_operator_gave_it()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = TempFolder();
        var path = Path.Join(folder, "testtrunk.rules");
        System.IO.File.WriteAllText(path, "old");
        var restricted = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        System.IO.File.SetUnixFileMode(path, restricted);
        using var result = TwoZones();
        CallRuleOutput.Write(result.Rules!, TestTrunk.Schema, folder, OutputLayout.SingleFile, out var error);
        Assert.Null(error);
        Assert.Equal(result.Rules!.ToArray(), System.IO.File.ReadAllBytes(path));
        Assert.Equal(restricted, System.IO.File.GetUnixFileMode(path));
    }
}
