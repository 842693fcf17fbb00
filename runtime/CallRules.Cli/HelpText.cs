using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Cli;

/// <summary>The help pages. Text only; what varies by schema is passed in.</summary>
internal static class HelpText
{
    public static string Overview(DefinitionSchema schema, string splitOption)
    {
        var noun = schema.Name.ToLowerInvariant();
        return $"""
            callrules: compiles {noun} definitions (JSON) into call-rule files for a SIP server.

            Usage:
              callrules compile <files or folders>... --out <folder> [{splitOption}]
              callrules validate <files or folders>...
              callrules schema [--out <file>]
              callrules docs [--out <file>]
              callrules <command> --help
              callrules --version

            Commands:
              compile    Check every definition and write the call rules (nothing is written if any is invalid).
              validate   Check every definition; write nothing.
              schema     Print the JSON Schema of definition files, for editors ("$schema" in a definition).
              docs       Print the Markdown reference of every field.

            Each .json file holds one {noun} definition object or an array of them; folders are searched
            recursively for *.json. Errors go to standard error as 'path(line,col): error CODE: message';
            warnings ('warning CODE') are printed the same way and do not fail the run.

            Exit codes: 0 success; 1 invalid definitions or output not writable (nothing written); 2 usage error.

            Examples:
              callrules compile samples/connections --out out
              callrules validate definitions/ extra/trunk.json
              callrules compile definitions --out /etc/callrules {splitOption}

            Docs: docs/cli.md (this tool), docs/call-rules.md (the output), docs/error-codes.md (every CR code).

            """.Replace("\r\n", "\n");
    }

    public static string Compile(DefinitionSchema schema, string splitOption)
    {
        var noun = schema.Name.ToLowerInvariant();
        var key = string.Join(" + ", schema.Key);
        var first = schema.Key.Count > 0 ? schema.Key[0] : "first key field";
        return $"""
            callrules compile: check {noun} definitions and write their call rules.

            Usage:
              callrules compile <files or folders>... --out <folder> [{splitOption}]

            Arguments:
              <files or folders>   Definition files (.json, one object or an array of them), or folders
                                   searched recursively for *.json. Order does not matter: files are read
                                   in ordinal order of their full path.

            Options:
              -o, --out <folder>   Where to write; created when missing. By default one file,
                                   <folder>/{CallRuleOutput.SingleFileName(schema)}.
              {splitOption.PadRight(20)} One file per {first} instead: <folder>/<{first}>.rules, with the
                                   name encoded to be safe on any file system (docs/call-rules.md).
              -h, --help           Show this help.

            Every definition is checked, and no two may share a key:
              {key}
            If anything is wrong, every error is printed and nothing is written or changed.
            Otherwise each file is written to a temporary file beside it and renamed into place,
            so a reader never sees half a file.

            Examples:
              callrules compile samples/connections --out out
              callrules compile a.json b.json more/ --out out
              callrules compile definitions --out rules {splitOption}

            """.Replace("\r\n", "\n");
    }

    public static string Validate(DefinitionSchema schema)
    {
        var noun = schema.Name.ToLowerInvariant();
        return $"""
            callrules validate: check {noun} definitions; write nothing.

            Usage:
              callrules validate <files or folders>...

            Runs every check 'compile' runs (each field, keys across files) and prints every error.
            Exit code 0 when all are valid, 1 when any is not, 2 for a usage error.

            Examples:
              callrules validate samples/connections
              callrules validate trunk.json && echo valid

            """.Replace("\r\n", "\n");
    }

    public static string SchemaCommand(DefinitionSchema schema)
    {
        var noun = schema.Name.ToLowerInvariant();
        return $"""
            callrules schema: print the JSON Schema (draft 2020-12) of {noun} definition files.

            Usage:
              callrules schema [--out <file>]

            Options:
              -o, --out <file>   Write it to <file> instead of standard output.

            An editor that follows "$schema" then completes field names and allowed values, shows each
            field's description, and marks most values the validator would reject. Keep the file out of the
            folders you compile (they are searched for *.json), and do not name it *.schema.json.

            Examples:
              callrules schema --out editor/{noun}.definitions.json
              (then, in a definition: "$schema": "../editor/{noun}.definitions.json")

            """.Replace("\r\n", "\n");
    }

    public static string DocsCommand(DefinitionSchema schema)
    {
        var noun = schema.Name.ToLowerInvariant();
        return $"""
            callrules docs: print the Markdown reference of every {noun} field.

            Usage:
              callrules docs [--out <file>]

            Options:
              -o, --out <file>   Write it to <file> instead of standard output.

            Each field with its type, limits, allowed values, default and call-rule key, from the schema.

            Examples:
              callrules docs --out docs/fields.md

            """.Replace("\r\n", "\n");
    }
}
