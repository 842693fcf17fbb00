using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using CallRules.Cli.Hosting;

namespace CallRules.Cli.Commands;

/// <summary><c>callrules help [command]</c>: the same pages as <c>--help</c>, for those who type it as a word.</summary>
internal sealed class HelpCommand : CliCommand
{
    private readonly Argument<string[]> _topic = CliOptions.Paths("command", "The command to show help for.");
    private readonly IReadOnlyList<CliCommand> _commands;
    private readonly Func<string> _overview;

    public HelpCommand(IReadOnlyList<CliCommand> commands, Func<string> overview) : base("help", "Show help: the overview, or one command's page.")
    {
        _commands = commands;
        _overview = overview;
        Command.Add(_topic);
    }

    public override bool Listed => false;

    public override string Title => "callrules help: show the overview, or the help page of one command.";

    public override IReadOnlyList<string> Usage => ["callrules help [<command>]"];

    public override IReadOnlyList<string> Examples => ["callrules help", "callrules help compile"];

    private CliCommand? Topic(ParseResult result) =>
        (result.GetValue(_topic) ?? []) is [var name] ? _commands.FirstOrDefault(c => c.Name == name) : null;

    public override string? CheckUsage(ParseResult result)
    {
        var topic = result.GetValue(_topic) ?? [];
        if (topic.Length > 1) return "'help' takes one command name.";
        if (topic.Length == 1 && Topic(result) is null)
            return $"unknown command '{topic[0]}'{UsageErrors.DidYouMean(topic[0], _commands.Where(c => c.Listed).Select(c => c.Name))}";
        return null;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        context.Stdout.Write(Topic(result) is { } command ? HelpWriter.Page(command) : _overview());
        return ExitCodes.Success;
    }
}
