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
        var errors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(result.GetValue(_paths)!, errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors) context.Stderr.WriteLine(error.ToString());
            context.Stderr.WriteLine($"{Counting.Count(errors.Count, "error")} in the paths given; nothing {(check ? "checked" : "formatted")}.");
            return ExitCodes.Usage;
        }

        int changed = 0, invalid = 0, kept = 0, unwritable = 0;
        var cleaned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            byte[] content;
            try
            {
                content = File.ReadAllBytes(input.Name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Stderr.WriteLine(new DefinitionError(ErrorCodes.FileUnreadable, $"The file cannot be read: {e.Message}", File: input.Name).ToString());
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
            if (!check && !Replace(input.Name, content, formatted.Canonical!, cleaned, out var writeError))
            {
                context.Stderr.WriteLine(writeError!.ToString());
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

    /// <summary>
    /// Replaces the file at <paramref name="path"/> (through a symbolic link, its target) with <paramref name="formatted"/>,
    /// unless it changed since it was read (an editor saved it meanwhile): then it is left as it is, with an error.
    /// The temporary files a killed fmt left in a folder (<paramref name="cleaned"/>: the folders already seen) go first.
    /// </summary>
    private static bool Replace(string path, byte[] original, byte[] formatted, HashSet<string> cleaned, out DefinitionError? error)
    {
        error = null;
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
            if (Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && cleaned.Add(folder)) AtomicFileSet.RemoveStale(folder);
            using var set = new AtomicFileSet();
            set.Stage(target, formatted);
            if (!File.ReadAllBytes(target).AsSpan().SequenceEqual(original))
            {
                error = new DefinitionError(ErrorCodes.OutputUnwritable, "The file changed while it was being formatted; it was left as it is. Run fmt again.", File: path);
                return false;
            }
            set.Commit();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = new DefinitionError(ErrorCodes.OutputUnwritable, $"The file cannot be rewritten: {e.Message}", File: path);
            return false;
        }
    }
}
