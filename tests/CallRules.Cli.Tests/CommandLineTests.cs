namespace CallRules.Cli.Tests;

/// <summary>The argument parser in process: the forms of each option that the process tests do not all spell out.</summary>
public class CommandLineTests
{
    private static CommandLine Parse(params string[] args)
    {
        var line = CommandLine.Parse(args, "--split-by-domain", out var error);
        Assert.True(line is not null, error);
        return line!;
    }

    private static string Error(params string[] args)
    {
        Assert.Null(CommandLine.Parse(args, "--split-by-domain", out var error));
        return error!;
    }

    [Theory]
    [InlineData("--out", "dir")]
    [InlineData("-o", "dir")]
    [InlineData("--out=dir")]
    public void The_output_folder_can_be_given_in_each_documented_form(params string[] option)
    {
        var line = Parse(["compile", "a.json", .. option]);
        Assert.Equal("dir", line.Out);
        Assert.Equal(["a.json"], line.Paths);
    }

    [Fact]
    public void After_a_double_dash_everything_is_a_path()
    {
        var line = Parse("compile", "--out", "o", "--", "-odd.json", "--help");
        Assert.Equal(["-odd.json", "--help"], line.Paths);
        Assert.False(line.Help);
    }

    [Fact]
    public void The_generic_split_option_is_an_alias_of_the_named_one()
    {
        Assert.True(Parse("compile", "a", "--out", "o", "--split-by-first-key").Split);
        Assert.True(Parse("compile", "a", "--out", "o", "--split-by-domain").Split);
        Assert.False(Parse("compile", "a", "--out", "o").Split);
    }

    [Fact]
    public void Two_output_folders_or_a_value_on_a_flag_are_usage_errors()
    {
        Assert.Equal("'--out' is given twice; give one output folder.", Error("compile", "a", "--out", "x", "-o", "y"));
        Assert.Equal("'--split-by-domain' takes no value.", Error("compile", "a", "--out", "x", "--split-by-domain=yes"));
        Assert.Equal("'--out' needs a folder: --out <folder>.", Error("compile", "a", "--out"));
    }

    [Fact]
    public void Help_wins_over_missing_arguments()
    {
        var line = Parse("compile", "--help");
        Assert.True(line.Help);
        Assert.Equal(CommandKind.Compile, line.Command);
    }
}
