using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Definitions;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules fmt</c>: rewrites definition files in canonical form, one file at a time and each atomically, keeping
/// their comments; <c>--check</c> only lists the files that are not canonical (for CI).
/// </summary>
internal sealed class FmtCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("files or folders",
        "Definition files (.json), or folders searched recursively for *.json.");
    private readonly Option<bool> _check = CliOptions.Flag("--check",
        "Change nothing: list the files that are not in canonical form and exit 1 if there is any.");

    public FmtCommand() : base("fmt", "Rewrite definition files in canonical form (--check: only list those that are not).")
    {
        Command.Add(_paths);
        Command.Add(_check);
    }

    private static DefinitionSchema Schema => T.Schema;

    private static string Noun => Schema.Name.ToLowerInvariant();

    public override string Title => $"callrules fmt: rewrite {Noun} definition files in canonical form.";

    public override IReadOnlyList<string> Usage => ["callrules fmt <files or folders>... [--check]"];

    public override string Notes => """
        Canonical form: the fields in schema order, "$schema" first, values as the serializer writes
        them (integers as numbers, a null value left out), two-space indent, LF line ends and a final
        line feed; one object or an array of them, as the file had. Comments are kept: each stays with
        the property or definition it precedes or follows on the same line. A file with a comment that
        has no place in canonical form (inside a value) is left as it is, with a note.

        Each file is checked first, as 'validate' checks it: an invalid file gets its errors and is not
        touched. Each rewritten file is replaced whole (a temporary file renamed over it), keeping its
        permissions. The names of the files rewritten (or, with --check, of those not canonical) go to
        standard output; errors, notes and the summary to standard error.

        Exit codes: 0 done (with --check: every file canonical); 1 an invalid or unwritable file (with
        --check: also a file not in canonical form); 2 usage error.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules fmt definitions",
        "callrules fmt --check definitions   # in CI: exit 1 and the list when a file is not canonical",
    ];

    public override string? CheckUsage(ParseResult result) =>
        (result.GetValue(_paths) ?? []).Length == 0 ? "'fmt' needs at least one definition file or folder." : null;

    public override int Run(ParseResult result, CliContext context)
    {
        var check = result.GetValue(_check);
        if (DefinitionFileRewriter.ResolveInputs(context, result.GetValue(_paths)!, check ? "checked" : "formatted") is not { } inputs)
            return ExitCodes.Usage;

        int changed = 0, invalid = 0, kept = 0, unwritable = 0;
        var rewriter = new DefinitionFileRewriter("fmt", "formatted");
        foreach (var input in inputs)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (!check) rewriter.RemoveStaleBeside(input.Name);
            if (DefinitionFileRewriter.Read(input.Name, out var readError) is not { } content)
            {
                context.Stderr.WriteLine(readError!.ToString());
                invalid++;
                continue;
            }
            var formatted = DefinitionFormatter<T>.Format(input.Name, content);
            if (formatted.HasErrors)
            {
                foreach (var diagnostic in formatted.Diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
                invalid++;
                continue;
            }
            if (formatted.Note is { } note)
            {
                context.Stderr.WriteLine($"note: {MessageText.Escape(input.Name)}: {MessageText.Escape(note)}.");
                if (check) context.Stdout.WriteLine(MessageText.Escape(input.Name));
                kept++;
                continue;
            }
            if (formatted.IsCanonical) continue;
            if (!check && rewriter.Replace(input.Name, formatted.Canonical!, expected: content) is { } writeError)
            {
                context.Stderr.WriteLine(writeError.ToString());
                unwritable++;
                continue;
            }
            changed++;
            context.Stdout.WriteLine(MessageText.Escape(input.Name));
        }

        var total = inputs.Count;
        var summary = new List<string>();
        if (check && changed > 0)
            summary.Add($"{changed} of {Counted(total, "file")} {(changed == 1 ? "is" : "are")} not in canonical form; run 'callrules fmt' to rewrite {(changed == 1 ? "it" : "them")}.");
        else if (changed > 0)
            summary.Add($"Formatted {changed} of {Counted(total, "file")}.");
        else if (kept + invalid + unwritable < total)
            summary.Add(check ? $"{Counted(total - kept - invalid, "file")} in canonical form." : $"No file changed: {Counted(total - kept - invalid, "file")} already in canonical form.");
        if (kept > 0) summary.Add($"{Counted(kept, "file")} not in canonical form with a comment fmt cannot place, left as {(kept == 1 ? "it is" : "they are")} (see the note).");
        if (invalid > 0) summary.Add($"{Counted(invalid, "file")} with errors, not touched.");
        if (unwritable > 0) summary.Add($"{Counted(unwritable, "file")} could not be written.");
        context.Stderr.WriteLine(string.Join(" ", summary));
        return invalid + unwritable > 0 || (check && changed + kept > 0) ? ExitCodes.Failed : ExitCodes.Success;
    }

    private static string Counted(int n, string noun) => Counting.Count(n, noun);
}
