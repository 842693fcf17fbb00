namespace CallRules.Cli.Tests;

public class HelpAndUsageTests
{
    private static string Here => Cli.TempFolder();

    [Fact]
    public void Help_lists_both_commands_the_exit_codes_and_examples()
    {
        var run = Cli.Run(Here, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("callrules compile <files or folders>... --out <folder> [--split-by-domain]", run.Stdout);
        Assert.Contains("callrules validate <files or folders>...", run.Stdout);
        Assert.Contains("Exit codes: 0 success; 1 invalid definitions", run.Stdout);
        Assert.Contains("callrules compile samples/connections --out out", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData("compile", "callrules compile: check connection definitions and write their call rules.")]
    [InlineData("validate", "callrules validate: check connection definitions; write nothing.")]
    public void Each_command_has_its_own_help_with_examples(string command, string firstLine)
    {
        var run = Cli.Run(Here, command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(firstLine, run.Stdout);
        Assert.Contains("Examples:", run.Stdout);
    }

    [Fact]
    public void Version_prints_the_tool_name_and_version()
    {
        var run = Cli.Run(Here, "--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^callrules \d+\.\d+\.\d+\S*\r?\n$", run.Stdout);
    }

    [Theory]
    [InlineData(new[] { "compile", "x.json", "--ot", "out" }, "callrules: error: unknown option '--ot'; did you mean '--out'?")]
    [InlineData(new[] { "compile", "x.json", "--split-by-domian", "--out", "o" }, "callrules: error: unknown option '--split-by-domian'; did you mean '--split-by-domain'?")]
    [InlineData(new[] { "compiel", "x.json" }, "callrules: error: unknown command 'compiel'; did you mean 'compile'?")]
    [InlineData(new[] { "compile", "x.json" }, "callrules: error: 'compile' needs an output folder: --out <folder>.")]
    [InlineData(new[] { "compile", "--out", "o" }, "callrules: error: 'compile' needs at least one definition file or folder.")]
    [InlineData(new[] { "validate", "x.json", "--out", "o" }, "callrules: error: 'validate' writes nothing, so it takes no --out or split option; use 'compile'.")]
    [InlineData(new string[0], "callrules: error: no command given.")]
    public void A_usage_error_exits_2_with_one_clear_line_and_a_pointer_to_help(string[] args, string message)
    {
        var run = Cli.Run(Here, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([message, "Run 'callrules --help' for usage."], run.StderrLines);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_missing_input_exits_2_with_CR3001_and_nothing_is_written()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "compile", Cli.Samples, "missing.json", "--out", "out");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["error CR3001: 'missing.json' does not exist.", "1 error in the paths given; nothing written."], run.StderrLines);
        Assert.Empty(Cli.Entries(folder));
    }

    [Fact]
    public void A_folder_without_json_files_exits_2_with_CR3002()
    {
        var folder = Cli.TempFolder();
        System.IO.Directory.CreateDirectory(System.IO.Path.Join(folder, "empty"));
        var run = Cli.Run(folder, "validate", "empty");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error CR3002: The folder 'empty' holds no .json file", run.StderrLines[0]);
    }
}
