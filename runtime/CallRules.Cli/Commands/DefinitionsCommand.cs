using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Cli.Output;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Commands;

/// <summary>
/// What <c>compile</c> and <c>validate</c> share: definition paths, <c>--format</c>, <c>--quiet</c>, and a run of the
/// pipeline whose diagnostics and summary are printed in the chosen format.
/// </summary>
internal abstract class DefinitionsCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("files or folders",
        "Definition files (.json, one object or an array of them), or folders searched recursively for *.json. " +
        "Order does not matter: files are read in ordinal order of their full path.");
    private readonly Option<string[]> _format = CliOptions.Format(sarif: true);
    private readonly Option<bool> _quiet = CliOptions.Quiet();

    protected DefinitionsCommand(string name, string summary) : base(name, summary) => Command.Add(_paths);

    protected static DefinitionSchema Schema => T.Schema;

    protected static string Noun => Schema.Name.ToLowerInvariant();

    protected static string Plural => Noun + "s";

    protected static string FirstKey => Schema.Key.Count > 0 ? Schema.Key[0] : "first key field";

    protected static string Count(int n, string noun) => Counting.Count(n, noun);

    protected static string Definitions(int n) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? Noun : Plural);

    /// <summary>Adds the options every definitions command has, after its own (so they come last in help).</summary>
    protected void AddCommonOptions()
    {
        Command.Add(_format);
        Command.Add(_quiet);
    }

    public override string? CheckUsage(ParseResult result)
    {
        CliOptions.ReadFormat(result, _format, out var error);
        if (error is not null) return error;
        if ((result.GetValue(_paths) ?? []).Length == 0)
            return $"'{Name}' needs at least one definition file or folder.";
        return null;
    }

    /// <summary>What a successful compile does with its rules: write them and report through the <see cref="Outcome"/>.</summary>
    protected delegate void RulesAction(CompiledRules rules, Outcome outcome);

    /// <summary>Reads, checks and (when <paramref name="compile"/>) compiles the definitions, then prints the report.</summary>
    protected int RunDefinitions(ParseResult result, CliContext context, bool compile, RulesAction? onRules)
    {
        var format = CliOptions.ReadFormat(result, _format, out _)!.Value;
        var report = new DiagnosticReport(context, format, Name, Schema);

        var inputDiagnostics = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(result.GetValue(_paths)!, inputDiagnostics);
        var inputErrors = inputDiagnostics.Count(d => d.IsError);
        if (inputErrors > 0)
        {
            report.AddRange(inputDiagnostics);
            return report.Finish(ExitCodes.Usage, $"{Count(inputErrors, "error")} in the paths given; nothing {(compile ? "written" : "checked")}.");
        }
        // Warnings about the search (a folder loop, a skipped pipe) come first and count with the run's.
        report.AddRange(inputDiagnostics);
        var earlyWarnings = inputDiagnostics.Count;

        var progress = new CompileProgress();
        var compiler = new DefinitionCompiler<T>(new CompileOptions { Progress = progress });
        CompileResult started;
        try
        {
            // Only on a terminal, after about a second, and erased before anything else is printed.
            using var display = ProgressDisplay.Start(context, result.GetValue(_quiet), progress, inputs.Count, Plural);
            started = compile ? compiler.Compile(inputs, context.Cancellation) : compiler.Validate(inputs, context.Cancellation);
        }
        catch (TemporaryStorageException e)
        {
            // Every worker has stopped and every temporary file is gone: say why, and that nothing was written.
            report.Add(e.Error);
            return report.Finish(ExitCodes.Failed, "The run stopped before every definition was checked; nothing written.");
        }
        using var run = started;
        report.AddRange(run.Diagnostics);
        report.SetCounts(run.FileCount, run.DefinitionCount);
        if (!run.Succeeded)
        {
            var warnings = run.Warnings.Count + earlyWarnings > 0 ? " and " + Count(run.Warnings.Count + earlyWarnings, "warning") : "";
            return report.Finish(ExitCodes.Failed,
                $"{Count(run.Errors.Count, "error")}{warnings} in {run.FilesWithErrors} of {Count(run.FileCount, "file")}" +
                (compile ? "; nothing written." : "."));
        }
        if (!compile)
        {
            return report.Finish(ExitCodes.Success,
                $"Checked {Definitions(run.DefinitionCount)} in {Count(run.FileCount, "file")}: no errors" +
                (run.Warnings.Count + earlyWarnings > 0 ? $", {Count(run.Warnings.Count + earlyWarnings, "warning")}." : "."));
        }
        var outcome = new Outcome();
        onRules!(run.Rules!, outcome);
        if (outcome.Error is not null)
        {
            report.Add(outcome.Error);
            return report.Finish(ExitCodes.Failed, outcome.Summary!);
        }
        report.AddRange(outcome.Warnings);
        var warningCount = earlyWarnings + run.Warnings.Count + outcome.Warnings.Count;
        var withWarnings = warningCount > 0 ? $", with {Count(warningCount, "warning")}." : ".";
        report.SetOutputs(outcome.Written!);
        return report.Finish(ExitCodes.Success,
            string.Format(CultureInfo.InvariantCulture, outcome.Summary!, Definitions(run.DefinitionCount), Count(run.FileCount, "file")) + withWarnings);
    }

    /// <summary>How writing the output went: the files written and the summary, or the error.</summary>
    protected sealed class Outcome
    {
        public DefinitionError? Error { get; private set; }
        public string? Summary { get; private set; }
        public IReadOnlyList<string>? Written { get; private set; }

        /// <summary>Warnings about the output written (a file emptied of every section).</summary>
        public List<DefinitionError> Warnings { get; } = [];

        /// <summary>The output could not be written.</summary>
        public void Fail(DefinitionError error, string summary)
        {
            Error = error;
            Summary = summary;
        }

        /// <summary>
        /// The output was written; <paramref name="summary"/> is a composite format with {0} the definitions and {1}
        /// the input files.
        /// </summary>
        public void Succeed(string summary, IReadOnlyList<string> written)
        {
            Summary = summary;
            Written = written;
        }
    }
}
