using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;

namespace CallRules.Cli.Hosting;

/// <summary>
/// Writes the help pages. The argument and option tables come from the System.CommandLine definition of each command
/// (names, aliases, value names, descriptions), so they cannot drift from what is parsed; the title, synopsis, notes and
/// examples come from the command.
/// </summary>
internal static class HelpWriter
{
    private const int Width = 100;

    /// <summary>The help page of one command.</summary>
    public static string Page(CliCommand command)
    {
        var text = new StringBuilder();
        text.Append(command.Title).Append("\n\n");
        Section(text, "Usage:", command.Usage);
        var arguments = command.Command.Arguments.Where(a => !a.Hidden)
            .Select(a => ($"<{a.Name}>", a.Description ?? "")).ToList();
        if (arguments.Count > 0) Table(text, "Arguments:", arguments);
        var options = command.Command.Options.Where(o => !o.Hidden)
            .Select(o => (OptionLabel(o), o.Description ?? "")).ToList();
        options.Add(("-h, --help", "Show this help."));
        Table(text, "Options:", options);
        if (command.Notes is { } notes) text.Append(notes.TrimEnd('\n')).Append("\n\n");
        Section(text, "Examples:", command.Examples);
        return text.ToString();
    }

    /// <summary>The overview: every command, how to get help, and the notes that apply to all of them.</summary>
    public static string Overview(string title, IReadOnlyList<CliCommand> commands, string notes, IReadOnlyList<string> examples)
    {
        var text = new StringBuilder();
        text.Append(title).Append("\n\n");
        var usage = commands.Where(c => c.Listed).Select(c => c.Usage[0]).ToList();
        usage.Add("callrules <command> --help");
        usage.Add("callrules --version");
        Section(text, "Usage:", usage);
        Table(text, "Commands:", commands.Where(c => c.Listed).Select(c => (c.Name, c.Summary)).ToList());
        text.Append(notes.TrimEnd('\n')).Append("\n\n");
        Section(text, "Examples:", examples);
        return text.ToString();
    }

    private static string OptionLabel(Option option)
    {
        var names = option.Aliases.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        names.Add(option.Name);
        var label = string.Join(", ", names);
        return option.Arity.MaximumNumberOfValues == 0 ? label : $"{label} <{option.HelpName}>";
    }

    private static void Section(StringBuilder text, string heading, IEnumerable<string> lines)
    {
        text.Append(heading).Append('\n');
        foreach (var line in lines) text.Append("  ").Append(line).Append('\n');
        text.Append('\n');
    }

    private static void Table(StringBuilder text, string heading, IReadOnlyList<(string Left, string Right)> rows)
    {
        text.Append(heading).Append('\n');
        var column = Math.Min(rows.Max(r => r.Left.Length) + 5, 30);
        foreach (var (left, right) in rows)
        {
            var first = "  " + left;
            var lines = Wrap(right, Width - column);
            if (first.Length + 2 > column)
            {
                text.Append(first).Append('\n');
                first = "";
            }
            for (var i = 0; i < lines.Count; i++)
                text.Append((i == 0 ? first : "").PadRight(column)).Append(lines[i]).Append('\n');
            if (lines.Count == 0) text.Append(first).Append('\n');
        }
        text.Append('\n');
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>Writes <paramref name="page"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, string page) => output.Write(page);
}
