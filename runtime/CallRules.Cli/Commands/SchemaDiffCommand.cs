using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using CallRules.Cli.Hosting;
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

    public SchemaDiffCommand() : base("schema-diff", "Show how a schema change changes the call rules of real definitions.")
    {
        Command.Add(_paths);
        Command.Add(_baseline);
        Command.Add(_exitCode);
    }

    private static string Plural => T.Schema.Name.ToLowerInvariant() + "s";

    public override string Title => "callrules schema-diff: show how a schema change changes the call rules of real definitions.";

    public override IReadOnlyList<string> Usage => ["callrules schema-diff --baseline <old schema> <files or folders>... [--exit-code]"];

    public override string Notes => $"""
        Every definition is compiled twice: with the earlier schema given by --baseline (read at run
        time: values, defaults, defaultFrom and maps; its limits and patterns are not checked again)
        and with this build's schema ({T.Schema.SchemaFile}), exactly as compile does. The call-rule
        lines that differ are listed per definition ('key: old -> new'), grouped by the schema change
        that causes them, with how many definitions each change touches. A secret's value is never
        shown, only that it changed. Definitions the new schema rejects are listed with their errors;
        those the earlier schema rejects are counted and not compared. A definition may use either
        schema's field names: earlier names are read through renamedFrom both ways.

        Exit codes: 0 compared (with --exit-code, 0 only when nothing changes); 3 with --exit-code, a
        definition changes or is rejected; 1 a file or the schema cannot be read; 2 usage error.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules schema-diff --baseline schema/connection.schema.shipped.json definitions",
        "git show v1.4:schema/connection.schema.json > /tmp/old.schema.json && callrules schema-diff --baseline /tmp/old.schema.json definitions",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var baseline = CliOptions.Single(result, _baseline, "schema file", out var error);
        if (error is not null) return error;
        if (baseline is null) return "'schema-diff' needs the earlier schema to compare with: --baseline <schema file>.";
        if ((result.GetValue(_paths) ?? []).Length == 0) return "'schema-diff' needs at least one definition file or folder.";
        return null;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var baselinePath = CliOptions.Single(result, _baseline, out _)!;
        var errors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(result.GetValue(_paths)!, errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors) context.Stderr.WriteLine(error.ToString());
            return errors.Any(e => e.Code is ErrorCodes.InputNotFound or ErrorCodes.NoInputFiles) ? ExitCodes.Usage : ExitCodes.Failed;
        }
        var baseline = SchemaFile.Read(baselinePath, baselinePath, errors);
        if (baseline is null)
        {
            foreach (var error in errors) context.Stderr.WriteLine(error.ToString());
            context.Stderr.WriteLine($"The earlier schema '{MessageText.Escape(baselinePath)}' cannot be read; nothing compared.");
            return ExitCodes.Failed;
        }

        var diff = SchemaDiff<T>.Compare(baseline, inputs, errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors) context.Stderr.WriteLine(error.ToString());
            context.Stderr.WriteLine($"{Counting.Count(errors.Count, "file")} could not be read; nothing compared.");
            return ExitCodes.Failed;
        }
        var output = context.Stdout;
        output.WriteLine($"Compared {Count(diff.DefinitionCount)} in {Counting.Count(diff.FileCount, "file")}: {MessageText.Escape(Path.GetFileName(baselinePath))} (before) and {T.Schema.SchemaFile} (after).");
        foreach (var cause in diff.Causes)
        {
            output.WriteLine();
            var what = cause.Field is null ? "The key" : $"'{cause.Field}'" + (cause.CallRule is null ? "" : $" ({cause.CallRule})");
            var why = cause.Changes.Count > 0 ? string.Join("; ", cause.Changes) : "its value is read differently";
            output.WriteLine($"{what}: {why}: {Count(cause.Definitions.Count)} change{(cause.Definitions.Count == 1 ? "s" : "")}");
            foreach (var definition in cause.Definitions)
            {
                output.WriteLine($"  [{MessageText.Escape(definition.Section)}]  {MessageText.Escape(definition.File)}({definition.At.Line},{definition.At.Column})");
                foreach (var rule in definition.Rules)
                    output.WriteLine($"    {rule.Key}: {Describe(rule)}");
            }
        }
        if (diff.Rejected.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Rejected by {T.Schema.SchemaFile}: {Counting.Count(diff.Rejected.Count, "error")}");
            foreach (var error in diff.Rejected) output.WriteLine("  " + error);
        }
        if (diff.Warnings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Warnings under {T.Schema.SchemaFile} ('callrules migrate' renames earlier names): {diff.Warnings.Count}");
            foreach (var warning in diff.Warnings) output.WriteLine("  " + warning);
        }
        if (diff.RejectedByBaseline.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Not compared, rejected by {MessageText.Escape(Path.GetFileName(baselinePath))}: {Counting.Count(diff.RejectedByBaseline.Count, "error")}");
            foreach (var error in diff.RejectedByBaseline) output.WriteLine("  " + error);
        }
        output.WriteLine();
        var rejectedDefinitions = diff.Rejected.Select(e => (e.File, PathOf(e.JsonPath))).Distinct().Count();
        output.WriteLine($"{diff.ChangedCount} of {Count(diff.DefinitionCount)} change; {rejectedDefinitions} rejected by the new schema.");
        var changes = diff.ChangedCount > 0 || rejectedDefinitions > 0;
        return changes && result.GetValue(_exitCode) ? ExitCodes.Changes : ExitCodes.Success;
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? T.Schema.Name.ToLowerInvariant() : Plural);

    /// <summary>The definition part of an error's JSON path: <c>$[3]</c> of <c>$[3]['name']</c>.</summary>
    private static string PathOf(string? jsonPath)
    {
        if (jsonPath is null) return "$";
        var property = jsonPath.IndexOf("['", StringComparison.Ordinal);
        return property < 0 ? jsonPath : jsonPath[..property];
    }

    private static string Describe(RuleChange rule)
    {
        if (rule.Secret)
            return rule.Old is null ? "(secret, added)" : rule.New is null ? "(secret, removed)" : "(secret, changed)";
        return $"{Show(rule.Old)} -> {Show(rule.New)}";
    }

    private static string Show(string? value) => value switch
    {
        null => "(none)",
        "" => "\"\"",
        _ => MessageText.Escape(value),
    };
}
