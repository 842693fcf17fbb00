using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Definitions;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Planning;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules import</c>: definition files from what a server already runs, call rules (checked to compile back
/// byte for byte) or a NetSapiens API export of connections.
/// </summary>
internal sealed class ImportCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private const string NetSapiens = "netsapiens";
    private readonly Argument<string[]> _source = CliOptions.Paths("file or folder",
        "A call-rule file or a folder of them (the split layout); with --from netsapiens, the JSON the API returned.");
    private readonly Option<string[]> _out = CliOptions.Value("--out", "-o", "folder",
        "Where to write the definition files, one per value of the first key field; created when missing. Existing files are never overwritten.");
    private readonly Option<string[]> _from = CliOptions.Value("--from", "", NetSapiens,
        "Read a NetSapiens API v2 response (GET /domains/{domain}/connections or GET /connections) instead of call rules.");
    private readonly Option<string[]> _schemaRef = CliOptions.Value("--schema-ref", "", "path",
        $"The \"$schema\" each definition names, relative to the output folder (default ../{DefaultSchemaFile}).");

    public ImportCommand() : base("import", "Write definition files from deployed call rules or a NetSapiens API export.")
    {
        Command.Add(_source);
        Command.Add(_out);
        Command.Add(_from);
        Command.Add(_schemaRef);
    }

    private static DefinitionSchema Schema => T.Schema;

    private static string Noun => Schema.Name.ToLowerInvariant();

    private static string DefaultSchemaFile => Noun + ".definitions.json";

    private static string FirstKey => Schema.Key.Count > 0 ? Schema.Key[0] : "first key field";

    public override string Title => $"callrules import: write {Noun} definition files from what a server already runs.";

    public override IReadOnlyList<string> Usage =>
    [
        "callrules import <call-rule file or folder> --out <folder>",
        "callrules import --from netsapiens <response.json> --out <folder>",
    ];

    public override string Notes => $"""
        From call rules: each section becomes a definition (each value mapped back to its field's value),
        every value equal to its default is left out, and the result is compiled again in memory: it must
        give the same call rules byte for byte, or the sections that would differ are errors.

        From a NetSapiens export: the fields the create request does not take (read-only fields of the
        read response, such as active-call counters and modification times) are dropped, with one note
        listing them; every other problem is the usual located error.

        Files: <folder>/<{FirstKey}>.json, an array of definitions in canonical form (as 'callrules fmt'
        writes), each with "$schema" first. Nothing is written if anything is wrong.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        "callrules import /etc/callrules/connection.rules --out definitions",
        "callrules import --from netsapiens connections.json --out definitions",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var output = CliOptions.Single(result, _out, "output folder", out var error);
        if (error is not null) return error;
        var from = CliOptions.Single(result, _from, "source", out error);
        if (error is not null) return error;
        if (from is not null && from != NetSapiens)
            return $"'--from' is '{from}'; import reads 'netsapiens'{UsageErrors.DidYouMean(from, [NetSapiens])}";
        CliOptions.Single(result, _schemaRef, "schema reference", out error);
        if (error is not null) return error;
        var source = result.GetValue(_source) ?? [];
        if (source.Length != 1) return "'import' reads one call-rule file or folder, or with --from netsapiens one JSON file.";
        if (output is null) return "'import' needs an output folder: --out <folder>.";
        return null;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var source = result.GetValue(_source)![0];
        var output = CliOptions.Single(result, _out, out _)!;
        var schemaRef = CliOptions.Single(result, _schemaRef, out _) ?? "../" + DefaultSchemaFile;
        var fromExport = CliOptions.Single(result, _from, out _) is not null;
        var errors = new List<DefinitionError>();
        IReadOnlyList<ImportedFile>? files;
        IReadOnlyList<string> dropped = [];
        if (fromExport)
        {
            if (!File.Exists(source))
            {
                errors.Add(new DefinitionError(ErrorCodes.InputNotFound, $"'{source}' does not exist{(Directory.Exists(source) ? " as a file" : "")}."));
                return Fail(context, errors, ExitCodes.Usage);
            }
            files = DefinitionImporter<T>.FromExport(DefinitionInput.FromFile(source, source), schemaRef, errors, out dropped);
        }
        else
        {
            var rules = CallRuleSet.Read(source, Schema, errors);
            if (rules is null)
                return Fail(context, errors, errors.Any(e => e.Code == ErrorCodes.InputNotFound) ? ExitCodes.Usage : ExitCodes.Failed);
            files = DefinitionImporter<T>.FromCallRules(rules, schemaRef, errors);
        }
        if (files is null) return Fail(context, errors, ExitCodes.Failed);
        foreach (var warning in errors) context.Stderr.WriteLine(warning.ToString());
        if (dropped.Count > 0)
            context.Stderr.WriteLine($"note: dropped {Counting.Count(dropped.Count, "field")} that the create request does not take (read-only in the API's response): {string.Join(", ", dropped)}.");

        if (!WriteAll(output, files, out var writeError))
        {
            context.Stderr.WriteLine(writeError!.ToString());
            context.Stderr.WriteLine("Nothing was written.");
            return ExitCodes.Failed;
        }
        var count = files.Sum(f => f.DefinitionCount);
        context.Stdout.WriteLine($"Imported {count} {(count == 1 ? Noun : Noun + "s")} from {source} into {Counting.Count(files.Count, "file")} in {output}.");
        return ExitCodes.Success;
    }

    private static int Fail(CliContext context, List<DefinitionError> errors, int code)
    {
        foreach (var error in errors) context.Stderr.WriteLine(error.ToString());
        context.Stderr.WriteLine($"{Counting.Count(errors.Count(e => e.IsError), "error")}; nothing imported.");
        return code;
    }

    // Every file is staged first and renamed only when all are written (AtomicFileSet); an existing file is an error
    // (import makes new definitions, it does not merge them into someone's files).
    private static bool WriteAll(string folder, IReadOnlyList<ImportedFile> files, out DefinitionError? error)
    {
        error = null;
        var existing = files.Select(f => Path.Join(folder, f.FileName)).FirstOrDefault(File.Exists);
        if (existing is not null)
        {
            error = new DefinitionError(ErrorCodes.OutputUnwritable,
                $"'{existing}' exists; import writes new files only. Move it away or choose another --out.");
            return false;
        }
        try
        {
            Directory.CreateDirectory(folder);
            AtomicFileSet.RemoveStale(folder);
            using var set = new AtomicFileSet();
            foreach (var file in files) set.Stage(Path.Join(folder, file.FileName), file.Content);
            set.Commit(overwrite: false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = new DefinitionError(ErrorCodes.OutputUnwritable, $"Cannot write the definitions to '{folder}': {e.Message}");
            return false;
        }
    }
}
