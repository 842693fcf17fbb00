using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Cli.Output;
using CallRules.Runtime;
using CallRules.Runtime.Planning;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary>
/// What <c>plan</c> and <c>diff</c> share: <c>--exit-code</c>, <c>--format text|json</c>, reading call-rule files
/// or folders, and printing the changes.
/// </summary>
internal abstract class ChangesCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Option<bool> _exitCode = CliOptions.Flag("--exit-code",
        "Exit with 3 when there are changes (0 when there are none), for scripts and CI.");
    private readonly Option<string[]> _format = CliOptions.Format(sarif: false);

    protected ChangesCommand(string name, string summary) : base(name, summary) { }

    protected static DefinitionSchema Schema => T.Schema;

    protected static string Plural => Schema.Name.ToLowerInvariant() + "s";

    /// <summary>Adds the options both commands have, after the command's own.</summary>
    protected void AddCommonOptions()
    {
        Command.Add(_exitCode);
        Command.Add(_format);
    }

    protected const string ExitCodeNotes = """
        A secret's value (a field marked secret in the schema) is never shown, before or after: only
        that it changed. Colour is used only when standard output is a terminal and NO_COLOR is unset.

        Exit codes: 0 whether or not there are changes; with --exit-code, 3 when there are changes;
        1 invalid definitions or an unreadable call-rule file; 2 usage error.
        """;

    public override string? CheckUsage(ParseResult result)
    {
        CliOptions.ReadFormat(result, _format, out var error);
        return error;
    }

    protected OutputFormat Format(ParseResult result) => CliOptions.ReadFormat(result, _format, out _)!.Value;

    /// <summary>Reads a call-rule file or folder; prints why not and returns null when it cannot.</summary>
    protected static CallRuleSet? ReadRules(string path, List<DefinitionError> errors) => CallRuleSet.Read(path, Schema, errors);

    /// <summary>The exit code of a run that failed with <paramref name="errors"/>: usage for a path that does not exist, else failed.</summary>
    protected static int FailureCode(IReadOnlyList<DefinitionError> errors) =>
        errors.Any(e => e.Code is ErrorCodes.InputNotFound or ErrorCodes.NoInputFiles) ? ExitCodes.Usage : ExitCodes.Failed;

    /// <summary>Prints a run that could not compare (unreadable files, invalid definitions); returns its exit code.</summary>
    protected int Fail(ParseResult result, CliContext context, IReadOnlyList<DefinitionError> diagnostics, string summary)
    {
        var code = FailureCode(diagnostics);
        if (Format(result) == OutputFormat.Json)
        {
            PlanReport.WriteJson(context, Name, code, null, diagnostics, []);
            return code;
        }
        foreach (var diagnostic in diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
        context.Stderr.WriteLine(summary);
        return code;
    }

    /// <summary>Prints the changes; returns 0, or 3 when there are changes and --exit-code was given.</summary>
    protected int Report(ParseResult result, CliContext context, IReadOnlyList<SectionChange> changes, IReadOnlyList<DefinitionError> warnings, string noChanges,
        IReadOnlyList<string>? notes = null)
    {
        notes ??= [];
        var code = changes.Count > 0 && result.GetValue(_exitCode) ? ExitCodes.Changes : ExitCodes.Success;
        if (Format(result) == OutputFormat.Json)
            PlanReport.WriteJson(context, Name, code, changes, warnings, notes);
        else
            PlanReport.WriteText(context, changes, warnings, noChanges, notes);
        return code;
    }
}
