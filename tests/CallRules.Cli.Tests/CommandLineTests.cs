using System.IO;
using CallRules.Cli.Hosting;
using CallRules.Connections;

namespace CallRules.Cli.Tests;

/// <summary>The command line in process: the forms of each option that the process tests do not all spell out.</summary>
public class CommandLineTests
{
    /// <summary>Runs the CLI in this process over string writers.</summary>
    internal static CliRun InProcess(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = new CallRulesApp<Connection>().Run(args, new CliContext(stdout, stderr) { WorkingDirectory = Cli.TempFolder() });
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    private static string UsageError(params string[] args)
    {
        var run = InProcess(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Run 'callrules --help' for usage.", run.StderrLines[^1]);
        return run.StderrLines[0];
    }

    [Theory]
    [InlineData("--out", "")]
    [InlineData("-o", "")]
    [InlineData("--out=")]
    public void An_empty_output_folder_is_a_usage_error_in_each_documented_form(params string[] option)
    {
        var name = option[0].TrimEnd('=');
        Assert.Equal($"callrules: error: '{name}' needs a folder: {name} <folder>.", UsageError(["compile", "a.json", .. option]));
    }

    [Fact]
    public void After_a_double_dash_everything_is_a_path()
    {
        var run = InProcess("validate", "--", "-odd.json", "--help");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["error CR3001: '-odd.json' does not exist.", "error CR3001: '--help' does not exist.", "2 errors in the paths given; nothing checked."], run.StderrLines);
    }

    [Fact]
    public void The_generic_split_option_is_an_alias_of_the_named_one()
    {
        var folder = Cli.TempFolder();
        var run = InProcess("compile", Path.Join(Cli.Samples, "minimal.json"), "--out", folder, "--split-by-first-key");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["example.com.rules"], Cli.Entries(folder));
    }

    [Fact]
    public void Two_output_folders_or_a_value_on_a_flag_are_usage_errors()
    {
        Assert.Equal("callrules: error: '--out' is given twice; give one output folder.", UsageError("compile", "a", "--out", "x", "-o", "y"));
        Assert.Equal("callrules: error: '--split-by-domain' takes no value.", UsageError("compile", "a", "--out", "x", "--split-by-domain=yes"));
        Assert.Equal("callrules: error: '--out' needs a folder: --out <folder>.", UsageError("compile", "a", "--out"));
    }

    [Fact]
    public void Help_wins_over_missing_arguments()
    {
        var run = InProcess("compile", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("callrules compile: check connection definitions and write their call rules.", run.Stdout);
    }

    [Theory]
    [InlineData("docs")]
    [InlineData("schema")]
    public void The_describe_commands_say_their_output_is_a_file(string command)
    {
        Assert.Equal("callrules: error: '--out' needs a file: --out <file>.", UsageError(command, "--out", ""));
    }

    [Fact]
    public void Help_as_a_word_is_the_same_as_the_option()
    {
        Assert.Equal(InProcess("--help").Stdout, InProcess("help").Stdout);
        Assert.Equal(InProcess("compile", "--help").Stdout, InProcess("help", "compile").Stdout);
        Assert.Equal("callrules: error: unknown command 'compiel'; did you mean 'compile'?", UsageError("help", "compiel"));
    }

    [Fact]
    public void An_unknown_format_gets_a_did_you_mean()
    {
        Assert.Equal("callrules: error: '--format' is 'jsn'; allowed values are 'text', 'json', 'sarif'; did you mean 'json'?",
            UsageError("validate", "a.json", "--format", "jsn"));
    }

    [Fact]
    public void Completion_scripts_call_the_suggest_directive_and_it_answers()
    {
        var bash = InProcess("completion", "bash");
        Assert.Equal(0, bash.ExitCode);
        Assert.Contains("complete -o default -o bashdefault -F _callrules_complete callrules", bash.Stdout);
        Assert.Contains("[suggest:", bash.Stdout);
        Assert.Contains("compdef _callrules_complete callrules", InProcess("completion", "zsh").Stdout);
        Assert.Equal("callrules: error: 'completion' does not know the shell 'bsh'; it knows 'bash' and 'zsh'; did you mean 'bash'?",
            UsageError("completion", "bsh"));

        var suggested = InProcess("[suggest:13]", "callrules com");
        Assert.Equal(0, suggested.ExitCode);
        Assert.Equal(["compile", "completion"], suggested.Stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries));
    }
}
