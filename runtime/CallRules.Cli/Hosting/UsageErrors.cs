using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using CallRules.Runtime.Validation;

namespace CallRules.Cli.Hosting;

/// <summary>
/// Turns what System.CommandLine parsed into the CLI's own usage messages: one line that names the problem and,
/// where one is close, the option or command meant. The parser accepts liberally (paths and option values as lists)
/// so that these messages, not the parser's, reach the user.
/// </summary>
internal static class UsageErrors
{
    /// <summary><c>; did you mean 'x'?</c> when a candidate is close, else <c>.</c>.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Suggestions.Closest(input, candidates) is { } suggestion ? $"; did you mean '{suggestion}'?" : ".";

    /// <summary>The usage error of the command line, or null when it is well formed.</summary>
    /// <param name="result">What the parser made of <paramref name="args"/>.</param>
    /// <param name="args">The raw arguments (the parser splits <c>--flag=value</c>, so a value on a flag is found here).</param>
    /// <param name="commands">Every command, for did-you-mean on a misspelt one.</param>
    /// <param name="command">The command that was parsed, or null when none was.</param>
    public static string? Find(ParseResult result, IReadOnlyList<string> args, IReadOnlyList<CliCommand> commands, CliCommand? command)
    {
        if (command is null)
        {
            var first = result.Tokens.FirstOrDefault(t => t.Type != TokenType.Directive);
            if (first is null) return "no command given.";
            if (first.Value.StartsWith('-') && first.Value != "-")
            {
                var name = OptionName(first.Value);
                return $"unknown option '{name}'{DidYouMean(name, CliOptions.NamesOf(result.RootCommandResult.Command))}";
            }
            return $"unknown command '{first.Value}'{DidYouMean(first.Value, commands.Where(c => c.Listed).Select(c => c.Name))}";
        }

        foreach (var arg in args)
        {
            if (arg == "--") break;
            var equals = arg.IndexOf('=');
            if (!arg.StartsWith("--", StringComparison.Ordinal) || equals < 0) continue;
            var name = arg[..equals];
            var option = command.Command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
            if (option is not null && option.Arity.MaximumNumberOfValues == 0)
                return $"'{name}' takes no value.";
        }
        foreach (var token in result.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) break;
            if (token.Type != TokenType.Argument || !token.Value.StartsWith('-') || token.Value == "-") continue;
            var name = OptionName(token.Value);
            return $"unknown option '{name}'{DidYouMean(name, CliOptions.NamesOf(command.Command).Append("--help"))}";
        }
        foreach (var token in result.UnmatchedTokens)
            return $"'{command.Name}' does not take '{token}'.";
        if (result.Errors.Count > 0)
        {
            var message = result.Errors[0].Message;
            return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
        }
        return command.CheckUsage(result);
    }

    private static string OptionName(string token)
    {
        var equals = token.IndexOf('=');
        return equals > 0 ? token[..equals] : token;
    }
}
