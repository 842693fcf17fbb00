using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Planning;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules plan &lt;definitions&gt;... --against &lt;file or folder&gt;</c>: compiles in memory and shows what
/// would change in the deployed call rules, section by section; writes nothing.
/// </summary>
internal sealed class PlanCommand<T> : ChangesCommand<T> where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("files or folders",
        "Definition files (.json), or folders searched recursively for *.json, as for compile.");
    private readonly Option<string[]> _against = CliOptions.Value("--against", "", "file or folder",
        $"The deployed call rules: a call-rule file (what compile writes by default), or a folder of them " +
        $"(the {CallRulesApp<T>.SplitOption} layout).");

    public PlanCommand() : base("plan", "Show what compiling the definitions would change in deployed call rules; write nothing.")
    {
        Command.Add(_paths);
        Command.Add(_against);
        AddCommonOptions();
    }

    public override string Title => "callrules plan: show what compiling the definitions would change in the deployed call rules.";

    public override IReadOnlyList<string> Usage => ["callrules plan <files or folders>... --against <file or folder> [--exit-code]"];

    public override string Notes => $"""
        The definitions are checked and compiled in memory, as compile would, and compared with the
        deployed call rules section by section: '+' a section compile would add, '-' one it would remove,
        '~' one whose lines change (each changed key as 'old -> new'). Nothing is written. A deployed
        file this schema cannot read (a line that is not call-rule text, a key no field writes) is an
        error at its line, and nothing is compared.

        {ExitCodeNotes}
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules plan definitions --against /etc/callrules/connection.rules",
        $"callrules plan definitions --against /etc/callrules   # a folder: the {CallRulesApp<T>.SplitOption} layout",
        "callrules plan definitions --against deployed.rules --exit-code || echo 'changes to deploy'",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var against = CliOptions.Single(result, _against, "call-rule file or folder", out var error);
        if (error is not null) return error;
        if (against is null) return "'plan' needs the deployed call rules to compare with: --against <file or folder>.";
        if ((result.GetValue(_paths) ?? []).Length == 0) return "'plan' needs at least one definition file or folder.";
        return base.CheckUsage(result);
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var against = CliOptions.Single(result, _against, out _)!;
        var errors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(result.GetValue(_paths)!, errors);
        if (errors.Count > 0) return Fail(result, context, errors, $"{Counting.Count(errors.Count, "error")} in the paths given; nothing compared.");
        var deployed = ReadRules(against, errors);
        if (deployed is null) return Fail(result, context, errors, $"The deployed call rules in '{against}' cannot be read; nothing compared.");

        using var run = new DefinitionCompiler<T>().Compile(inputs);
        if (!run.Succeeded)
            return Fail(result, context, run.Diagnostics,
                $"{Counting.Count(run.Errors.Count, "error")} in {run.FilesWithErrors} of {Counting.Count(run.FileCount, "file")}; nothing compared.");
        var layout = Directory.Exists(against) ? OutputLayout.SplitByFirstKey : OutputLayout.SingleFile;
        var planned = CallRuleSet.FromCompiled(run.Rules!, Schema, against, layout);
        var notes = new List<string>();
        if (layout == OutputLayout.SplitByFirstKey)
        {
            // compile rewrites only the files of values it has definitions for: a deployed file of another value stays
            // as it is, so its sections are not removed.
            var written = planned.Sections.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
            var kept = deployed.Sections.Where(s => !written.Contains(s.File)).ToList();
            foreach (var file in kept.GroupBy(s => s.File, StringComparer.Ordinal))
                notes.Add($"{file.Key} has no definitions now; compile leaves it as it is (delete it to remove its {Counting.Count(file.Count(), "section")}).");
            planned = CallRuleSet.Of(planned.Sections.Concat(kept));
        }
        var changes = CallRuleDiff.Compare(deployed, planned, Schema);
        return Report(result, context, changes, run.Warnings, $"No changes: the call rules in {against} are what the definitions compile to.", notes);
    }
}
