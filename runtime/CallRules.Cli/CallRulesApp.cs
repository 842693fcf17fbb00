using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using CallRules.Runtime;
using CallRules.Runtime.Documentation;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Cli;

/// <summary>Exit codes of the CLI.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was valid; for compile, the output was written.</summary>
    public const int Success = 0;
    /// <summary>Invalid definitions, or the output could not be written: nothing was written or changed.</summary>
    public const int Failed = 1;
    /// <summary>The command line was wrong: an unknown option, a missing file or folder.</summary>
    public const int Usage = 2;
}

/// <summary>
/// The <c>callrules</c> command for definitions of type <typeparamref name="T"/>: parses the command line, runs the
/// pipeline, prints errors in the compiler convention and a summary line. Everything it says about fields comes from
/// the schema.
/// </summary>
internal sealed class CallRulesApp<T>(TextWriter stdout, TextWriter stderr) where T : class, IDefinition<T>
{
    private static DefinitionSchema Schema => T.Schema;

    /// <summary>The split option, named after the first key field: <c>--split-by-domain</c>.</summary>
    public static string SplitOption => "--split-by-" + (Schema.Key.Count > 0 ? Schema.Key[0] : "first-key");

    private static string Noun(int count) =>
        count == 1 ? Schema.Name.ToLowerInvariant() : Schema.Name.ToLowerInvariant() + "s";

    public int Run(string[] args)
    {
        var line = CommandLine.Parse(args, SplitOption, out var usageError);
        if (line is null)
        {
            stderr.WriteLine($"callrules: error: {usageError}");
            stderr.WriteLine("Run 'callrules --help' for usage.");
            return ExitCodes.Usage;
        }
        if (line.Version)
        {
            stdout.WriteLine($"callrules {Version()}");
            return ExitCodes.Success;
        }
        if (line.Help)
        {
            stdout.Write(line.Command switch
            {
                CommandKind.Compile => HelpText.Compile(Schema, SplitOption),
                CommandKind.Validate => HelpText.Validate(Schema),
                CommandKind.Schema => HelpText.SchemaCommand(Schema),
                CommandKind.Docs => HelpText.DocsCommand(Schema),
                _ => HelpText.Overview(Schema, SplitOption),
            });
            return ExitCodes.Success;
        }

        if (line.Command is CommandKind.Schema or CommandKind.Docs)
            return Describe(line);

        var inputErrors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(line.Paths, inputErrors);
        if (inputErrors.Count > 0)
        {
            foreach (var error in inputErrors) stderr.WriteLine(error.ToString());
            stderr.WriteLine($"{Count(inputErrors.Count, "error")} in the paths given; nothing {(line.Command == CommandKind.Compile ? "written" : "checked")}.");
            return ExitCodes.Usage;
        }

        var compiler = new DefinitionCompiler<T>();
        using var result = line.Command == CommandKind.Compile ? compiler.Compile(inputs) : compiler.Validate(inputs);
        foreach (var diagnostic in result.Diagnostics) stderr.WriteLine(diagnostic.ToString());
        if (!result.Succeeded)
        {
            stderr.WriteLine($"{Count(result.Errors.Count, "error")}{AndWarnings(result)} in {result.FilesWithErrors} of {Count(result.FileCount, "file")}" +
                             (line.Command == CommandKind.Compile ? "; nothing written." : "."));
            return ExitCodes.Failed;
        }
        if (line.Command == CommandKind.Validate)
        {
            stdout.WriteLine($"Checked {result.DefinitionCount} {Noun(result.DefinitionCount)} in {Count(result.FileCount, "file")}: no errors" +
                             (result.Warnings.Count > 0 ? $", {Count(result.Warnings.Count, "warning")}." : "."));
            return ExitCodes.Success;
        }

        var layout = line.Split ? OutputLayout.SplitByFirstKey : OutputLayout.SingleFile;
        var written = CallRuleOutput.Write(result.Rules!, Schema, line.Out!, layout, out var writeError);
        if (written is null)
        {
            stderr.WriteLine(writeError!.ToString());
            stderr.WriteLine($"The {Noun(2)} are valid, but the output could not be written; no output file was changed.");
            return ExitCodes.Failed;
        }
        var into = layout == OutputLayout.SingleFile
            ? Path.Join(line.Out, CallRuleOutput.SingleFileName(Schema))
            : $"{Count(written.Count, "file")} in {line.Out}";
        stdout.WriteLine($"Compiled {result.DefinitionCount} {Noun(result.DefinitionCount)} from {Count(result.FileCount, "file")} into {into}" +
                         (result.Warnings.Count > 0 ? $", with {Count(result.Warnings.Count, "warning")}." : "."));
        return ExitCodes.Success;
    }

    /// <summary><c>schema</c> and <c>docs</c>: what the schema says, as a JSON Schema or as Markdown, to stdout or a file.</summary>
    private int Describe(CommandLine line)
    {
        var bytes = line.Command == CommandKind.Schema
            ? DefinitionJsonSchemaWriter.ToUtf8Bytes(Schema)
            : Encoding.UTF8.GetBytes(FieldReferenceWriter.ToMarkdown(Schema));
        if (line.Out is null)
        {
            stdout.Write(Encoding.UTF8.GetString(bytes));
            return ExitCodes.Success;
        }
        var temp = line.Out + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, line.Out, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            stderr.WriteLine(new DefinitionError(ErrorCodes.OutputUnwritable, $"Cannot write '{line.Out}': {e.Message}").ToString());
            return ExitCodes.Failed;
        }
        stdout.WriteLine($"Wrote {(line.Command == CommandKind.Schema ? "the JSON Schema of" : "the field reference of")} {Schema.Name.ToLowerInvariant()} definitions to {line.Out}.");
        return ExitCodes.Success;
    }

    private static string AndWarnings(CompileResult result) =>
        result.Warnings.Count > 0 ? " and " + Count(result.Warnings.Count, "warning") : "";

    private static string Count(int n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");

    private static string Version()
    {
        var version = typeof(CallRulesApp<T>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }
}
