using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;

namespace CallRules.Cli.Commands;

/// <summary><c>callrules compile</c>: check definitions and write their call rules, all or nothing.</summary>
internal sealed class CompileCommand<T> : DefinitionsCommand<T> where T : class, IDefinition<T>
{
    private readonly Option<string[]> _out = CliOptions.Value("--out", "-o", "folder",
        $"Where to write; created when missing. By default one file, <folder>/{CallRuleOutput.SingleFileName(Schema)}.");
    private readonly Option<bool> _split = CliOptions.Flag(CallRulesApp<T>.SplitOption,
        $"One file per {FirstKey} instead: <folder>/<{FirstKey}>.rules, with the name encoded to be safe on any file system (docs/call-rules.md).",
        "--split-by-first-key");

    public CompileCommand() : base("compile", "Check every definition and write the call rules (nothing is written if any is invalid).")
    {
        Command.Add(_out);
        Command.Add(_split);
        AddCommonOptions();
    }

    public override string Title => $"callrules compile: check {Noun} definitions and write their call rules.";

    public override IReadOnlyList<string> Usage => [$"callrules compile <files or folders>... --out <folder> [{CallRulesApp<T>.SplitOption}]"];

    public override string Notes => $"""
        Every definition is checked, and no two may share a key:
          {string.Join(" + ", Schema.Key)}
        If anything is wrong, every error is printed and nothing is written or changed.
        Otherwise each file is written to a temporary file beside it and renamed into place,
        so a reader never sees half a file.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules compile samples/connections --out out",
        "callrules compile a.json b.json more/ --out out",
        $"callrules compile definitions --out rules {CallRulesApp<T>.SplitOption}",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var output = CliOptions.Single(result, _out, "output folder", out var error);
        if (error is not null) return error;
        if (output is null) return "'compile' needs an output folder: --out <folder>.";
        return base.CheckUsage(result);
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var output = CliOptions.Single(result, _out, out _)!;
        var split = result.GetValue(_split);
        return RunDefinitions(result, context, compile: true, (rules, outcome) =>
        {
            var layout = split ? OutputLayout.SplitByFirstKey : OutputLayout.SingleFile;
            var diagnostics = new List<DefinitionError>();
            var written = CallRuleOutput.Write(rules, Schema, output, layout, diagnostics, context.Cancellation);
            if (written is null)
            {
                outcome.Fail(diagnostics.Find(d => d.IsError)!, $"The {Plural} are valid, but the output could not be written; no output file was changed.");
                return;
            }
            outcome.Warnings.AddRange(diagnostics);
            var into = layout == OutputLayout.SingleFile
                ? Path.Join(output, CallRuleOutput.SingleFileName(Schema))
                : $"{Count(written.Count, "file")} in {output}";
            outcome.Succeed($"Compiled {{0}} from {{1}} into {into}", written);
        });
    }
}
