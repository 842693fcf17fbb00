using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace CallRules.Cli.Hosting;

/// <summary>How a command prints its result: for people, or as data.</summary>
internal enum OutputFormat { Text, Json, Sarif }

/// <summary>The options and arguments several commands share, built the same way everywhere.</summary>
internal static class CliOptions
{
    /// <summary>
    /// Paths (files or folders). Zero or more as far as the parser goes, so that a missing path gets the command's own
    /// message rather than the parser's.
    /// </summary>
    public static Argument<string[]> Paths(string name, string description) => new(name)
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = description,
    };

    /// <summary>
    /// An option that takes one value. It is declared as taking any number of values, one per occurrence, so that a
    /// missing value or a second occurrence gets a clear message (<see cref="Single"/>) instead of the parser's.
    /// </summary>
    public static Option<string[]> Value(string name, string alias, string valueName, string description)
    {
        var option = alias.Length > 0 ? new Option<string[]>(name, alias) : new Option<string[]>(name);
        option.Arity = ArgumentArity.ZeroOrMore;
        option.HelpName = valueName;
        option.Description = description;
        return option;
    }

    /// <summary>An on/off option; it takes no value.</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Arity = ArgumentArity.Zero,
        Description = description,
    };

    /// <summary><c>--format text|json[|sarif]</c>.</summary>
    public static Option<string[]> Format(bool sarif) => Value("--format", "", sarif ? "text|json|sarif" : "text|json",
        sarif
            ? "How to print the result: text (for people, the default), json (one JSON document on standard output) or sarif (SARIF 2.1.0, for code-scanning tools)."
            : "How to print the result: text (for people, the default) or json (one JSON document on standard output).");

    /// <summary><c>--quiet</c>: no progress on standard error.</summary>
    public static Option<bool> Quiet() => Flag("--quiet", "Show no progress, even on a terminal.", "-q");

    /// <summary>
    /// The one value of <paramref name="option"/>, null when it is not given; a usage error when it is given without a
    /// value or more than once.
    /// </summary>
    public static string? Single(ParseResult result, Option<string[]> option, out string? error) =>
        Single(result, option, option.HelpName ?? "value", out error);

    /// <summary>As <see cref="Single(ParseResult, Option{string[]}, out string?)"/>, naming the value <paramref name="noun"/> when it is given twice.</summary>
    public static string? Single(ParseResult result, Option<string[]> option, string noun, out string? error)
    {
        error = null;
        var given = result.GetResult(option);
        if (given is null) return null;
        var values = result.GetValue(option) ?? [];
        var name = given.IdentifierToken?.Value ?? option.Name;
        if (values.Length == 0 || values.Any(v => v.Length == 0))
        {
            error = $"'{name}' needs {Article(option.HelpName)} {option.HelpName}: {name} <{option.HelpName}>.";
            return null;
        }
        if (values.Length > 1)
        {
            error = $"'{option.Name}' is given twice; give one {noun}.";
            return null;
        }
        return values[0];
    }

    /// <summary>The output format; a usage error for a name it does not know, with a did-you-mean.</summary>
    public static OutputFormat? ReadFormat(ParseResult result, Option<string[]> option, out string? error)
    {
        var text = Single(result, option, "format", out error);
        if (error is not null) return null;
        if (text is null) return OutputFormat.Text;
        var allowed = option.HelpName!.Split('|');
        var index = Array.IndexOf(allowed, text);
        if (index >= 0) return (OutputFormat)index;
        error = $"'--format' is '{text}'; allowed values are {string.Join(", ", allowed.Select(a => $"'{a}'"))}{UsageErrors.DidYouMean(text, allowed)}";
        return null;
    }

    private static string Article(string? noun) => noun is { Length: > 0 } && "aeio".Contains(noun[0]) ? "an" : "a";

    /// <summary>The names of <paramref name="command"/>'s options, for did-you-mean.</summary>
    public static IEnumerable<string> NamesOf(Command command)
    {
        foreach (var option in command.Options)
        {
            if (option.Hidden) continue;
            yield return option.Name;
            foreach (var alias in option.Aliases) yield return alias;
        }
    }
}
