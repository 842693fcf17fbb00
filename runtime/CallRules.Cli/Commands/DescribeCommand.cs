using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary><c>schema</c> and <c>docs</c>: what the schema says, as a document, to standard output or a file.</summary>
internal abstract class DescribeCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Option<string[]> _out = CliOptions.Value("--out", "-o", "file", "Write it to <file> instead of standard output.");
    // Accepted only to say that these commands read no definitions.
    private readonly Argument<string[]> _paths = CliOptions.Paths("files", "");

    protected DescribeCommand(string name, string summary) : base(name, summary)
    {
        _paths.Hidden = true;
        Command.Add(_paths);
        Command.Add(_out);
    }

    protected static DefinitionSchema Schema => T.Schema;

    protected static string Noun => Schema.Name.ToLowerInvariant();

    /// <summary>The document, as UTF-8.</summary>
    protected abstract byte[] Document();

    /// <summary>What the document is, for the line that says where it was written: <c>the JSON Schema of</c>.</summary>
    protected abstract string WhatItIs { get; }

    public override string? CheckUsage(ParseResult result)
    {
        if ((result.GetValue(_paths) ?? []).Length > 0)
            return $"'{Name}' takes no definition files; it describes the schema itself.";
        CliOptions.Single(result, _out, "output file", out var error);
        return error;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        var output = CliOptions.Single(result, _out, out _);
        var bytes = Document();
        if (output is null)
        {
            context.Stdout.Write(System.Text.Encoding.UTF8.GetString(bytes));
            return ExitCodes.Success;
        }
        try
        {
            // Documents hold no secret: readable by everyone, like any other file the user writes.
            using var file = new AtomicFileSet(AtomicFileSet.NewFileMode | UnixFileMode.OtherRead);
            file.Stage(output, bytes);
            file.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            context.Stderr.WriteLine(new DefinitionError(ErrorCodes.OutputUnwritable, $"Cannot write '{output}': {e.Message}").ToString());
            return ExitCodes.Failed;
        }
        context.Stdout.WriteLine($"Wrote {WhatItIs} {Noun} definitions to {MessageText.Escape(output)}.");
        return ExitCodes.Success;
    }
}

/// <summary><c>callrules schema</c>: the JSON Schema of definition files, for editors.</summary>
internal sealed class SchemaCommand<T>() : DescribeCommand<T>("schema",
    "Print the JSON Schema of definition files, for editors (\"$schema\" in a definition).") where T : class, IDefinition<T>
{
    public override string Title => $"callrules schema: print the JSON Schema (draft 2020-12) of {Noun} definition files.";

    public override IReadOnlyList<string> Usage => ["callrules schema [--out <file>]"];

    public override string Notes => """
        An editor that follows "$schema" then completes field names and allowed values, shows each
        field's description, and marks most values the validator would reject. Keep the file out of the
        folders you compile (they are searched for *.json), and do not name it *.schema.json.
        """;

    public override IReadOnlyList<string> Examples =>
    [
        $"callrules schema --out editor/{Noun}.definitions.json",
        $"(then, in a definition: \"$schema\": \"../editor/{Noun}.definitions.json\")",
    ];

    protected override string WhatItIs => "the JSON Schema of";

    protected override byte[] Document() => Runtime.Documentation.DefinitionJsonSchemaWriter.ToUtf8Bytes(Schema);
}

/// <summary><c>callrules docs</c>: the Markdown reference of every field.</summary>
internal sealed class DocsCommand<T>() : DescribeCommand<T>("docs", "Print the Markdown reference of every field.") where T : class, IDefinition<T>
{
    public override string Title => $"callrules docs: print the Markdown reference of every {Noun} field.";

    public override IReadOnlyList<string> Usage => ["callrules docs [--out <file>]"];

    public override string Notes => "Each field with its type, limits, allowed values, default and call-rule key, from the schema.";

    public override IReadOnlyList<string> Examples => ["callrules docs --out docs/fields.md"];

    protected override string WhatItIs => "the field reference of";

    protected override byte[] Document() =>
        System.Text.Encoding.UTF8.GetBytes(Runtime.Documentation.FieldReferenceWriter.ToMarkdown(Schema));
}
