using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Definitions;
using CallRules.Runtime.Pipeline;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules migrate &lt;files or folders&gt;... [--dry-run]</c>: rewrites definition files in place to the current
/// schema (earlier wire names renamed, each file atomically, everything else kept byte for byte) and reports what a
/// person must still do (removed fields, a field set under two names).
/// </summary>
internal sealed class MigrateCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("files or folders",
        "Definition files (.json), or folders searched recursively for *.json, as for compile.");
    private readonly Option<bool> _dryRun = CliOptions.Flag("--dry-run", "Show what would be renamed; change no file.", "-n");

    public MigrateCommand() : base("migrate", "Rewrite definition files to the current schema's field names, in place.")
    {
        Command.Add(_paths);
        Command.Add(_dryRun);
    }

    public override string Title => "callrules migrate: rewrite definition files to the current schema, in place.";

    public override IReadOnlyList<string> Usage => ["callrules migrate <files or folders>... [--dry-run]"];

    public override string Notes => $"""
        Each property written under an earlier name of a field (the schema's renamedFrom) is renamed
        to the field's name. Only the name is rewritten: formatting, comments, property order and values
        stay byte for byte. Each file is replaced atomically (a temporary file beside it, renamed over
        it), keeps its permissions, and is not replaced if it changed while migrate ran; through a
        symbolic link, the file it points to is rewritten. A file that is not valid JSON is left alone.

        What a rename cannot do is reported at its position and left to you: a removed field (error
        {ErrorCodes.RemovedField}, with the schema's reason), a field set under its name and an earlier
        name ({ErrorCodes.BothNames}; that definition is left as it is), a deprecated field (warning
        {ErrorCodes.Deprecated}). --dry-run prints the renames and changes nothing.

        Exit codes: 0 done (or nothing to do); 1 something is left to do by hand, or a file could not
        be read or written; 2 usage error.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules migrate definitions --dry-run",
        "callrules migrate definitions",
    ];

    public override string? CheckUsage(ParseResult result) =>
        (result.GetValue(_paths) ?? []).Length == 0 ? "'migrate' needs at least one definition file or folder." : null;

    public override int Run(ParseResult result, CliContext context)
    {
        var dryRun = result.GetValue(_dryRun);
        if (DefinitionFileRewriter.ResolveInputs(context, result.GetValue(_paths)!, "migrated") is not { } inputs)
            return ExitCodes.Usage;
        var diagnostics = new List<DefinitionError>();
        var rewriter = new DefinitionFileRewriter("migrate", "migrated");
        int renamed = 0, filesChanged = 0;
        foreach (var input in inputs)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (!dryRun) rewriter.RemoveStaleBeside(input.Name);
            if (DefinitionFileRewriter.Read(input.Name, out var readError) is not { } content)
            {
                diagnostics.Add(readError!);
                continue;
            }
            var migrated = DefinitionMigrator.Migrate(content, input.Name, T.Schema);
            diagnostics.AddRange(migrated.Diagnostics);
            if (migrated.Rewritten is null) continue;
            foreach (var rename in migrated.Renames)
                context.Stdout.WriteLine($"{MessageText.Escape(input.Name)}({rename.At.Line},{rename.At.Column}): '{rename.From}' -> '{rename.To}'");
            if (!dryRun && rewriter.Replace(input.Name, migrated.Rewritten, expected: content) is { } writeError)
            {
                diagnostics.Add(writeError);
                continue;
            }
            renamed += migrated.Renames.Count;
            filesChanged++;
        }
        foreach (var diagnostic in diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
        var left = diagnostics.Count(d => d.IsError);
        var summary = renamed == 0
            ? $"Nothing to rename in {Counting.Count(inputs.Count, "file")}."
            : $"{(dryRun ? "Would rename" : "Renamed")} {Counting.Count(renamed, "field")} in {filesChanged} of {Counting.Count(inputs.Count, "file")}{(dryRun ? "; nothing was changed" : "")}.";
        if (left > 0) summary += $" {Counting.Count(left, "problem")} left to fix by hand.";
        context.Stderr.WriteLine(summary);
        return left > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }
}
