using System.Collections.Generic;
using System.CommandLine;
using CallRules.Cli.Hosting;
using CallRules.Runtime;

namespace CallRules.Cli.Commands;

/// <summary><c>callrules validate</c>: every check <c>compile</c> makes; writes nothing.</summary>
internal sealed class ValidateCommand<T> : DefinitionsCommand<T> where T : class, IDefinition<T>
{
    // Accepted only to say that validate writes nothing: someone who typed 'validate … --out' meant 'compile'.
    private readonly Option<string[]> _out = CliOptions.Value("--out", "-o", "folder", "");
    private readonly Option<bool> _split = CliOptions.Flag(CallRulesApp<T>.SplitOption, "", "--split-by-first-key");

    public ValidateCommand() : base("validate", "Check every definition; write nothing.")
    {
        _out.Hidden = true;
        _split.Hidden = true;
        Command.Add(_out);
        Command.Add(_split);
        AddCommonOptions();
    }

    public override string Title => $"callrules validate: check {Noun} definitions; write nothing.";

    public override IReadOnlyList<string> Usage => ["callrules validate <files or folders>..."];

    public override string Notes => """
        Runs every check 'compile' runs (each field, keys across files) and prints every error.
        Exit code 0 when all are valid, 1 when any is not, 2 for a usage error.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules validate samples/connections",
        "callrules validate trunk.json && echo valid",
        "callrules validate definitions --format sarif > callrules.sarif",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        if (result.GetResult(_out) is not null || result.GetValue(_split))
            return "'validate' writes nothing, so it takes no --out or split option; use 'compile'.";
        return base.CheckUsage(result);
    }

    public override int Run(ParseResult result, CliContext context) =>
        RunDefinitions(result, context, compile: false, null);
}
