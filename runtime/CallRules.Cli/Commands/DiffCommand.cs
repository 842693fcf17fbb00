using System.Collections.Generic;
using System.CommandLine;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Planning;

namespace CallRules.Cli.Commands;

/// <summary><c>callrules diff &lt;old&gt; &lt;new&gt;</c>: the changes between two call-rule files or folders, as plan shows them.</summary>
internal sealed class DiffCommand<T> : ChangesCommand<T> where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("old> <new",
        "Two call-rule files, or folders of them (the split layout): the call rules before and after.");

    public DiffCommand() : base("diff", "Show the changes between two call-rule files or folders.")
    {
        Command.Add(_paths);
        AddCommonOptions();
    }

    public override string Title => "callrules diff: show the changes between two call-rule files or folders, section by section.";

    public override IReadOnlyList<string> Usage => ["callrules diff <old> <new> [--exit-code]"];

    public override string Notes => $"""
        Each is a call-rule file, or a folder of them (the {CallRulesApp<T>.SplitOption} layout). The output is
        plan's: '+' a section only in <new>, '-' one only in <old>, '~' one whose lines differ.

        {ExitCodeNotes}
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules diff /etc/callrules/connection.rules out/connection.rules",
        "callrules diff backup/ /etc/callrules/ --format json",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        if ((result.GetValue(_paths) ?? []).Length != 2) return "'diff' needs two call-rule files or folders: diff <old> <new>.";
        return base.CheckUsage(result);
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var paths = result.GetValue(_paths)!;
        var errors = new List<DefinitionError>();
        var old = ReadRules(paths[0], errors);
        var @new = ReadRules(paths[1], errors);
        if (old is null || @new is null) return Fail(result, context, errors, "Nothing compared.");
        var changes = CallRuleDiff.Compare(old, @new, Schema);
        return Report(result, context, changes, [], $"No changes: {paths[0]} and {paths[1]} hold the same call rules.");
    }
}
