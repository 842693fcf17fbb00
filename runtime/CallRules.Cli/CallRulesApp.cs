using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Linq;
using CallRules.Cli.Commands;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Schema;

namespace CallRules.Cli;

/// <summary>Exit codes of the CLI.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was valid; for compile, the output was written; for plan and diff, whether or not there are changes.</summary>
    public const int Success = 0;
    /// <summary>Invalid definitions, an unreadable file, or an output that could not be written: nothing was written or changed.</summary>
    public const int Failed = 1;
    /// <summary>The command line was wrong: an unknown option, a missing file or folder.</summary>
    public const int Usage = 2;
    /// <summary>With <c>--exit-code</c> (plan, diff): the run succeeded and found changes.</summary>
    public const int Changes = 3;
}

/// <summary>
/// The <c>callrules</c> command for definitions of type <typeparamref name="T"/>: System.CommandLine parses the
/// command line (and answers the <c>[suggest]</c> completion directive); this class turns parse problems into the
/// CLI's usage messages, prints help, and runs the command. Everything it says about fields comes from the schema.
/// </summary>
internal sealed class CallRulesApp<T> where T : class, IDefinition<T>
{
    private readonly RootCommand _root;
    private readonly Option<bool> _version = CliOptions.Flag("--version", "Show the version.");
    private readonly List<CliCommand> _commands;

    public CallRulesApp()
    {
        _commands =
        [
            new CompileCommand<T>(),
            new ValidateCommand<T>(),
            new PlanCommand<T>(),
            new DiffCommand<T>(),
            new ExplainCommand<T>(),
            new ImportCommand<T>(),
            new FmtCommand<T>(),
            new SchemaCommand<T>(),
            new DocsCommand<T>(),
            new BaselineCommand(),
            new MigrateCommand<T>(),
            new SchemaDiffCommand<T>(),
            new CompletionCommand(),
        ];
        _commands.Add(new HelpCommand(_commands, Overview));
        _root = new RootCommand(Title);
        // The library's --version prints the informational version with its build metadata; ours prints the plain
        // version, and the root's only other option is --help.
        foreach (var option in _root.Options.OfType<VersionOption>().ToList()) _root.Options.Remove(option);
        _root.Options.Add(_version);
        foreach (var command in _commands) _root.Subcommands.Add(command.Command);
    }

    private static DefinitionSchema Schema => T.Schema;

    /// <summary>The split option, named after the first key field: <c>--split-by-domain</c>.</summary>
    public static string SplitOption => "--split-by-" + (Schema.Key.Count > 0 ? Schema.Key[0] : "first-key");

    private static string Title => $"callrules: compiles {Schema.Name.ToLowerInvariant()} definitions (JSON) into call-rule files for a SIP server.";

    /// <summary>The commands, in the order the overview lists them.</summary>
    public IReadOnlyList<CliCommand> Commands => _commands;

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code.</summary>
    public int Run(string[] args, CliContext context)
    {
        var result = _root.Parse(args);
        var command = _commands.FirstOrDefault(c => ReferenceEquals(c.Command, result.CommandResult.Command));
        switch (result.Action)
        {
            case HelpAction:
                context.Stdout.Write(command is null ? Overview() : HelpWriter.Page(command));
                return ExitCodes.Success;
            case not null and not ParseErrorAction:
                // A directive, such as [suggest:N] for shell completion (CompletionCommand): the library answers it.
                return result.Invoke(new InvocationConfiguration { Output = context.Stdout, Error = context.Stderr });
        }
        if (command is null && result.GetValue(_version) && result.Tokens.Count == 1)
        {
            context.Stdout.WriteLine($"callrules {ToolVersion.Current}");
            return ExitCodes.Success;
        }
        if (UsageErrors.Find(result, args, _commands, command) is { } error)
            return Usage(context, error);
        return command!.Run(result, context);
    }

    /// <summary>Prints a usage error and the pointer to help; returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Usage(CliContext context, string message)
    {
        // Usage messages quote arguments: escaped (MessageText), so an argument cannot break the line.
        context.Stderr.WriteLine($"callrules: error: {MessageText.Escape(message)}");
        context.Stderr.WriteLine("Run 'callrules --help' for usage.");
        return ExitCodes.Usage;
    }

    private string Overview()
    {
        var noun = Schema.Name.ToLowerInvariant();
        return HelpWriter.Overview(Title, _commands,
            $"""
            Each .json file holds one {noun} definition object or an array of them; folders are searched
            recursively for *.json. Errors go to standard error as 'path(line,col): error CODE: message';
            warnings ('warning CODE') are printed the same way and do not fail the run.

            Exit codes: 0 success; 1 invalid definitions or output not writable (nothing written); 2 usage error;
            3 changes found (plan and diff with --exit-code).

            Docs: docs/cli.md (this tool), docs/call-rules.md (the output), docs/error-codes.md (every CR code).
            Shell completion: callrules completion bash|zsh (see its help).
            """.Replace("\r\n", "\n"),
            [
                "callrules compile samples/connections --out out",
                "callrules validate definitions/ extra/trunk.json",
                $"callrules compile definitions --out /etc/callrules {SplitOption}",
            ]);
    }
}
