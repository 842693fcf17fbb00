using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using CallRules.Cli.Hosting;
using CallRules.Cli.Output;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Planning;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules schema-diff --baseline &lt;old schema&gt; &lt;definitions&gt;...</c>: the effect of a schema change on real
/// definitions. Each definition is compiled with the old schema (read at run time) and with this build's, and the
/// call-rule lines that differ are shown per definition, grouped by the schema change that causes them, secrets masked.
/// </summary>
internal sealed class SchemaDiffCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("files or folders",
        "Definition files (.json), or folders searched recursively for *.json, as for compile.");
    private readonly Option<string[]> _baseline = CliOptions.Value("--baseline", "", "schema file",
        "The earlier schema: its shipped baseline (x.schema.shipped.json) or an earlier x.schema.json.");
    private readonly Option<bool> _exitCode = CliOptions.Flag("--exit-code",
        "Exit with 3 when a definition changes or is rejected by the new schema (0 when none), for scripts and CI.");
    private readonly Option<bool> _summary = CliOptions.Flag("--summary",
        "Show each cause with its count and only a few example definitions (--examples, 3 by default): for large corpora.");
    private readonly Option<string[]> _examples = CliOptions.Value("--examples", "", "n",
        "With --summary: how many example definitions to show per cause (and errors and warnings per list); 0 for counts only.");
    private readonly Option<string[]> _format = CliOptions.Format(sarif: false);

    /// <summary>How many examples --summary shows when --examples is not given.</summary>
    private const int DefaultExamples = 3;

    /// <summary>The most --examples takes (more is the full listing: leave out --summary).</summary>
    private const int MaxExamples = 10_000;

    public SchemaDiffCommand() : base("schema-diff", "Show how a schema change changes the call rules of real definitions.")
    {
        Command.Add(_paths);
        Command.Add(_baseline);
        Command.Add(_exitCode);
        Command.Add(_summary);
        Command.Add(_examples);
        Command.Add(_format);
    }

    private static string Plural => T.Schema.Name.ToLowerInvariant() + "s";

    public override string Title => "callrules schema-diff: show how a schema change changes the call rules of real definitions.";

    public override IReadOnlyList<string> Usage => ["callrules schema-diff --baseline <old schema> <files or folders>... [--exit-code] [--summary [--examples <n>]] [--format text|json]"];

    public override string Notes => $"""
        Every definition is compiled twice: with the earlier schema given by --baseline (read at run
        time: values, defaults, defaultFrom and maps; its limits and patterns are not checked again)
        and with this build's schema ({T.Schema.SchemaFile}), exactly as compile does. The call-rule
        lines that differ are listed per definition ('key: old -> new'), grouped by the schema change
        that causes them, with how many definitions each change touches. A secret's value is never
        shown, only that it changed. Definitions the new schema rejects are listed with their errors;
        those the earlier schema rejects are counted and not compared. A definition may use either
        schema's field names: earlier names are read through renamedFrom both ways.

        For a large corpus, --summary prints each cause with its count and at most --examples
        definitions (3 by default) with their lines, then '... and N more'; the lists of errors and
        warnings are cut the same way. --format json prints one JSON document (causes with counts,
        definitions and lines, errors and warnings as diagnostics), cut the same way with --summary;
        secrets are masked there too (only whether a line had and has a value).

        Exit codes: 0 compared (with --exit-code, 0 only when nothing changes); 3 with --exit-code, a
        definition changes or is rejected; 1 a file or the schema cannot be read; 2 usage error.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules schema-diff --baseline schema/connection.schema.shipped.json definitions",
        "callrules schema-diff --baseline schema/connection.schema.shipped.json definitions --summary --examples 2",
        "git show v1.4:schema/connection.schema.json > /tmp/old.schema.json && callrules schema-diff --baseline /tmp/old.schema.json definitions",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var baseline = CliOptions.Single(result, _baseline, "schema file", out var error);
        if (error is not null) return error;
        if (baseline is null) return "'schema-diff' needs the earlier schema to compare with: --baseline <schema file>.";
        if ((result.GetValue(_paths) ?? []).Length == 0) return "'schema-diff' needs at least one definition file or folder.";
        CliOptions.ReadFormat(result, _format, out error);
        if (error is not null) return error;
        ReadExamples(result, out error);
        return error;
    }

    /// <summary>How many examples to show per list: all without --summary, else --examples (3 by default).</summary>
    private int ReadExamples(ParseResult result, out string? error)
    {
        var text = CliOptions.Single(result, _examples, out error);
        if (error is not null) return 0;
        var summary = result.GetValue(_summary);
        if (text is null) return summary ? DefaultExamples : int.MaxValue;
        if (!summary)
        {
            error = "'--examples' is used with --summary: schema-diff --summary --examples <n>.";
            return 0;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxExamples)
        {
            error = $"'--examples' is '{text}'; give a whole number from 0 to {MaxExamples.ToString("N0", CultureInfo.InvariantCulture)}.";
            return 0;
        }
        return n;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var baselinePath = CliOptions.Single(result, _baseline, out _)!;
        var json = CliOptions.ReadFormat(result, _format, out _) == OutputFormat.Json;
        var examples = ReadExamples(result, out _);
        var baselineName = Path.GetFileName(baselinePath);
        var errors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(result.GetValue(_paths)!, errors);
        if (errors.Any(e => e.IsError))
        {
            var code = errors.Any(e => e.Code is ErrorCodes.InputNotFound or ErrorCodes.NoInputFiles) ? ExitCodes.Usage : ExitCodes.Failed;
            return Fail(context, json, baselineName, code, errors, $"{Counting.Count(errors.Count(e => e.IsError), "error")} in the paths given; nothing compared.");
        }
        // Warnings of the search (a folder loop, a skipped pipe) are reported with the result.
        var pathWarnings = errors.ToList();
        errors.Clear();
        var baseline = SchemaFile.Read(baselinePath, baselinePath, errors);
        if (baseline is null)
            return Fail(context, json, baselineName, ExitCodes.Failed, errors, $"The earlier schema '{MessageText.Escape(baselinePath)}' cannot be read; nothing compared.");

        var diff = SchemaDiff<T>.Compare(baseline, inputs, errors);
        if (errors.Count > 0)
            return Fail(context, json, baselineName, ExitCodes.Failed, errors, $"{Counting.Count(errors.Count, "file")} could not be read; nothing compared.");
        var rejectedDefinitions = diff.Rejected.Select(e => (e.File, PathOf(e.JsonPath))).Distinct().Count();
        var changes = diff.ChangedCount > 0 || rejectedDefinitions > 0;
        var exitCode = changes && result.GetValue(_exitCode) ? ExitCodes.Changes : ExitCodes.Success;
        if (json)
        {
            WriteJson(context, exitCode, baselineName, diff, rejectedDefinitions, examples, pathWarnings);
        }
        else
        {
            foreach (var warning in pathWarnings) context.Stderr.WriteLine(warning.ToString());
            WriteText(context.Stdout, baselineName, diff, rejectedDefinitions, examples);
        }
        return exitCode;
    }

    private static void WriteText(TextWriter output, string baselineName, SchemaDiffResult diff, int rejectedDefinitions, int examples)
    {
        output.WriteLine($"Compared {Count(diff.DefinitionCount)} in {Counting.Count(diff.FileCount, "file")}: {MessageText.Escape(baselineName)} (before) and {T.Schema.SchemaFile} (after).");
        foreach (var cause in diff.Causes)
        {
            output.WriteLine();
            output.WriteLine($"{What(cause)}: {Why(cause)}: {Count(cause.Definitions.Count)} change{(cause.Definitions.Count == 1 ? "s" : "")}");
            foreach (var definition in cause.Definitions.Take(examples))
            {
                output.WriteLine($"  [{MessageText.Escape(definition.Section)}]  {MessageText.Escape(definition.File)}({definition.At.Line},{definition.At.Column})");
                foreach (var rule in definition.Rules)
                    output.WriteLine("    " + RuleChangeText.Change(rule));
            }
            if (cause.Definitions.Count > examples)
            {
                var more = cause.Definitions.Count - examples;
                output.WriteLine($"  ... and {more.ToString("N0", CultureInfo.InvariantCulture)} more {(more == 1 ? T.Schema.Name.ToLowerInvariant() : Plural)}");
            }
        }
        WriteList(output, $"Rejected by {T.Schema.SchemaFile}: {Counting.Count(diff.Rejected.Count, "error")}", diff.Rejected, examples);
        WriteList(output, $"Warnings under {T.Schema.SchemaFile} ('callrules migrate' renames earlier names): {diff.Warnings.Count}", diff.Warnings, examples);
        WriteList(output, $"Not compared, rejected by {MessageText.Escape(baselineName)}: {Counting.Count(diff.RejectedByBaseline.Count, "error")}",
            diff.RejectedByBaseline, examples);
        output.WriteLine();
        output.WriteLine($"{diff.ChangedCount} of {Count(diff.DefinitionCount)} change; {rejectedDefinitions} rejected by the new schema.");
    }

    private static void WriteList(TextWriter output, string title, IReadOnlyList<DefinitionError> list, int examples)
    {
        if (list.Count == 0) return;
        output.WriteLine();
        output.WriteLine(title);
        foreach (var item in list.Take(examples)) output.WriteLine("  " + item);
        if (list.Count > examples) output.WriteLine($"  ... and {(list.Count - examples).ToString("N0", CultureInfo.InvariantCulture)} more");
    }

    private static string What(SchemaDiffCause cause) =>
        cause.Field is null ? "The key" : $"'{cause.Field}'" + (cause.CallRule is null ? "" : $" ({cause.CallRule})");

    private static string Why(SchemaDiffCause cause) =>
        cause.Changes.Count > 0 ? string.Join("; ", cause.Changes) : "its value is read differently";

    /// <summary>
    /// Prints a run that compared nothing: as text, the diagnostics and <paramref name="summary"/> on standard error; as
    /// JSON, one document with them and no causes. Returns <paramref name="code"/>.
    /// </summary>
    private static int Fail(CliContext context, bool json, string baselineName, int code, IReadOnlyList<DefinitionError> diagnostics, string summary)
    {
        if (json)
        {
            WriteJson(context, code, baselineName, null, 0, 0, diagnostics);
            return code;
        }
        foreach (var diagnostic in diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
        context.Stderr.WriteLine(summary);
        return code;
    }

    /// <summary>
    /// The comparison as one JSON document, with the conventions of plan's (command, succeeded, exitCode, summary,
    /// diagnostics): each cause with its count and its definitions (at most <paramref name="examples"/>), each definition
    /// with its changed lines as plan writes them (a secret: only whether it had and has a value).
    /// </summary>
    private static void WriteJson(CliContext context, int code, string baselineName, SchemaDiffResult? diff, int rejectedDefinitions, int examples,
        IReadOnlyList<DefinitionError> diagnostics)
    {
        JsonOutput.Print(context.Stdout, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("command", "schema-diff");
            writer.WriteBoolean("succeeded", code is ExitCodes.Success or ExitCodes.Changes);
            writer.WriteNumber("exitCode", code);
            writer.WriteString("baseline", baselineName);
            writer.WriteString("schema", T.Schema.SchemaFile);
            if (diff is null)
            {
                writer.WriteNull("summary");
                writer.WriteNull("causes");
                writer.WriteNull("rejected");
                writer.WriteNull("warnings");
                writer.WriteNull("rejectedByBaseline");
            }
            else
            {
                writer.WriteStartObject("summary");
                writer.WriteNumber("definitions", diff.DefinitionCount);
                writer.WriteNumber("files", diff.FileCount);
                writer.WriteNumber("changed", diff.ChangedCount);
                writer.WriteNumber("rejected", rejectedDefinitions);
                writer.WriteEndObject();
                writer.WriteStartArray("causes");
                foreach (var cause in diff.Causes) WriteCause(writer, cause, examples);
                writer.WriteEndArray();
                WriteDiagnostics(writer, "rejected", diff.Rejected, examples);
                WriteDiagnostics(writer, "warnings", diff.Warnings, examples);
                WriteDiagnostics(writer, "rejectedByBaseline", diff.RejectedByBaseline, examples);
            }
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in diagnostics) JsonOutput.WriteDiagnostic(writer, diagnostic);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteCause(Utf8JsonWriter writer, SchemaDiffCause cause, int examples)
    {
        writer.WriteStartObject();
        JsonOutput.WriteStringOrNull(writer, "field", cause.Field);
        JsonOutput.WriteStringOrNull(writer, "callRule", cause.CallRule);
        writer.WriteStartArray("changes");
        foreach (var change in cause.Changes) writer.WriteStringValue(change);
        writer.WriteEndArray();
        writer.WriteNumber("count", cause.Definitions.Count);
        writer.WriteStartArray("definitions");
        foreach (var definition in cause.Definitions.Take(examples))
        {
            writer.WriteStartObject();
            writer.WriteString("section", definition.Section);
            writer.WriteString("file", definition.File);
            writer.WriteNumber("line", definition.At.Line);
            writer.WriteNumber("column", definition.At.Column);
            writer.WriteStartArray("rules");
            foreach (var rule in definition.Rules) RuleChangeText.WriteJson(writer, rule);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A list of diagnostics, at most <paramref name="examples"/> of them (the count is the array's length otherwise: the summary has it).</summary>
    private static void WriteDiagnostics(Utf8JsonWriter writer, string name, IReadOnlyList<DefinitionError> list, int examples)
    {
        writer.WriteStartArray(name);
        foreach (var diagnostic in list.Take(examples)) JsonOutput.WriteDiagnostic(writer, diagnostic);
        writer.WriteEndArray();
        writer.WriteNumber(name + "Count", list.Count);
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? T.Schema.Name.ToLowerInvariant() : Plural);

    /// <summary>The definition part of an error's JSON path: <c>$[3]</c> of <c>$[3]['name']</c>.</summary>
    private static string PathOf(string? jsonPath)
    {
        if (jsonPath is null) return "$";
        var property = jsonPath.IndexOf("['", StringComparison.Ordinal);
        return property < 0 ? jsonPath : jsonPath[..property];
    }
}
