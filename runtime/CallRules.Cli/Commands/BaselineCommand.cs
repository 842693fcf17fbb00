using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules baseline &lt;schema files&gt;...</c>: writes each schema's shipped baseline (<c>x.schema.shipped.json</c>
/// beside it), the record of what a release promised that the build checks later schema changes against. Works for any
/// schema file, not only the one this tool was built with.
/// </summary>
internal sealed class BaselineCommand : CliCommand
{
    private readonly Argument<string[]> _schemas = CliOptions.Paths("schema files", "Schema files (*.schema.json).");
    private readonly Option<bool> _check = CliOptions.Flag("--check",
        "Write nothing; exit 3 if a baseline is missing or differs from its schema (for a release checklist).");

    public BaselineCommand() : base("baseline", "Write the shipped baseline of schema files, at a release.")
    {
        Command.Add(_schemas);
        Command.Add(_check);
    }

    public override string Title => "callrules baseline: write the shipped baseline of schema files, when a version is released.";

    public override IReadOnlyList<string> Usage => ["callrules baseline <schema files>... [--check]"];

    public override string Notes => """
        The baseline of x.schema.json is x.schema.shipped.json beside it: the schema in canonical form,
        keywords that carry meaning only (no descriptions or examples), one field per line. Commit it with
        the release. The generator reads it as an additional file and reports each breaking change of the
        schema against it at build time (CRG034-CRG048); refreshing it makes the current schema the one
        later changes are checked against, so entries of "allowBreaking" become stale (warning CRG049):
        remove them in the same commit. Build the schema first: this command checks its shape, the build
        checks everything else.

        Exit codes: 0 written (or, with --check, up to date); 1 a schema cannot be read or a baseline
        cannot be written; 2 usage error; 3 with --check, a baseline is missing or stale.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules baseline schema/connection.schema.json",
        "callrules baseline schema/connection.schema.json --check || echo 'refresh the baseline'",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var schemas = result.GetValue(_schemas) ?? [];
        if (schemas.Length == 0) return "'baseline' needs at least one schema file (*.schema.json).";
        var notSchema = schemas.FirstOrDefault(s => !s.EndsWith(SchemaBaseline.SchemaSuffix, StringComparison.OrdinalIgnoreCase));
        if (notSchema is not null) return $"'{notSchema}' is not a schema file; the baseline of x.schema.json is x.schema.shipped.json.";
        return null;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var check = result.GetValue(_check);
        var errors = new List<DefinitionError>();
        var stale = new List<string>();
        var failed = false;
        // A baseline holds the schema's meaning, never a value: readable by others, like the schema beside it.
        var rewriter = new DefinitionFileRewriter("baseline", "written", AtomicFileSet.NewFileMode | UnixFileMode.OtherRead);
        foreach (var schemaPath in result.GetValue(_schemas)!)
        {
            var schema = SchemaFile.Read(schemaPath, schemaPath, errors, out var allowBreaking);
            if (schema is null)
            {
                failed = true;
                continue;
            }
            var baselinePath = SchemaBaseline.PathFor(schemaPath);
            var bytes = SchemaBaseline.Write(schema);
            var current = File.Exists(baselinePath) ? File.ReadAllBytes(baselinePath) : null;
            if (current is not null && current.AsSpan().SequenceEqual(bytes))
            {
                context.Stdout.WriteLine($"{MessageText.Escape(baselinePath)} is up to date.");
                continue;
            }
            if (check)
            {
                stale.Add(baselinePath);
                context.Stdout.WriteLine($"{MessageText.Escape(baselinePath)} is {(current is null ? "missing" : "not the baseline of " + MessageText.Escape(schemaPath))}.");
                continue;
            }
            if (rewriter.Replace(baselinePath, bytes, expected: current) is { } writeError)
            {
                errors.Add(writeError);
                failed = true;
                continue;
            }
            context.Stdout.WriteLine($"Wrote {MessageText.Escape(baselinePath)} ({Counting.Count(schema.Fields.Count, "field")}"
                + (schema.Removed.Count > 0 ? $", {Counting.Count(schema.Removed.Count, "removed name")})." : ")."));
            if (allowBreaking > 0)
                context.Stderr.WriteLine($"note: {MessageText.Escape(schemaPath)} has {Counting.Count(allowBreaking, "\"allowBreaking\" entry", "\"allowBreaking\" entries")}; " +
                    "against the new baseline they match nothing (warning CRG049): remove them in this commit.");
        }
        foreach (var error in errors) context.Stderr.WriteLine(error.ToString());
        if (failed) return ExitCodes.Failed;
        return check && stale.Count > 0 ? ExitCodes.Changes : ExitCodes.Success;
    }
}
