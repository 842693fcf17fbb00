using System.Collections.Generic;
using System.CommandLine;

namespace CallRules.Cli.Hosting;

/// <summary>
/// One command of <c>callrules</c>: its System.CommandLine definition (arguments and options, which drive parsing,
/// help and completion), its help page, the usage rules the parser cannot express, and what it does. A new command
/// is a subclass registered in <see cref="CallRulesApp{T}"/>.
/// </summary>
internal abstract class CliCommand
{
    protected CliCommand(string name, string summary) => Command = new Command(name, summary);

    /// <summary>The parser's view of the command; subclasses add their arguments and options to it.</summary>
    public Command Command { get; }

    /// <summary>The command's name, as typed.</summary>
    public string Name => Command.Name;

    /// <summary>One line for the overview's list of commands.</summary>
    public string Summary => Command.Description ?? "";

    /// <summary>The first line of the help page: <c>callrules compile: what it does.</c></summary>
    public abstract string Title { get; }

    /// <summary>The synopsis lines, each a whole command line (<c>callrules compile &lt;files&gt;... --out &lt;folder&gt;</c>).</summary>
    public abstract IReadOnlyList<string> Usage { get; }

    /// <summary>Paragraphs printed after the options: what the command guarantees, its exit codes.</summary>
    public virtual string? Notes => null;

    /// <summary>Example command lines (and comments) for the help page.</summary>
    public abstract IReadOnlyList<string> Examples { get; }

    /// <summary>Whether the overview lists the command (the <c>help</c> alias does not).</summary>
    public virtual bool Listed => true;

    /// <summary>
    /// Checks what the parser accepted but the command does not (a missing output, two values for one option); returns
    /// the usage error message, or null.
    /// </summary>
    public virtual string? CheckUsage(ParseResult result) => null;

    /// <summary>Runs the command; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public abstract int Run(ParseResult result, CliContext context);
}
