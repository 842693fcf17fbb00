using System;
using System.Collections.Generic;
using CallRules.Runtime.Validation;

namespace CallRules.Cli;

/// <summary>The commands of the CLI.</summary>
internal enum CommandKind { None, Compile, Validate, Schema, Docs }

/// <summary>What the command line asked for.</summary>
internal sealed class CommandLine
{
    public CommandKind Command { get; private set; }
    public List<string> Paths { get; } = [];
    public string? Out { get; private set; }
    public bool Split { get; private set; }
    public bool Help { get; private set; }
    public bool Version { get; private set; }

    /// <summary>
    /// Parses <paramref name="args"/>; on a usage error returns null and sets <paramref name="error"/>. A small
    /// hand-written parser: no reflection, so the CLI publishes with Native AOT and starts fast.
    /// </summary>
    public static CommandLine? Parse(string[] args, string splitOption, out string? error)
    {
        error = null;
        var line = new CommandLine();
        var onlyPaths = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (onlyPaths || arg == "-" || !arg.StartsWith('-'))
            {
                if (line.Command == CommandKind.None && !onlyPaths)
                {
                    line.Command = arg switch
                    {
                        "compile" => CommandKind.Compile,
                        "validate" => CommandKind.Validate,
                        "schema" => CommandKind.Schema,
                        "docs" => CommandKind.Docs,
                        _ => CommandKind.None,
                    };
                    if (line.Command == CommandKind.None)
                    {
                        error = $"unknown command '{arg}'{DidYouMean(arg, ["compile", "validate", "schema", "docs"])}";
                        return null;
                    }
                    continue;
                }
                line.Paths.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPaths = true;
                continue;
            }
            var name = arg;
            string? value = null;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            switch (name)
            {
                case "-h" or "--help" or "-?":
                    line.Help = true;
                    break;
                case "--version":
                    line.Version = true;
                    break;
                case "-o" or "--out":
                    if (value is null)
                    {
                        if (i + 1 >= args.Length || args[i + 1].Length == 0)
                        {
                            error = $"'{name}' needs a folder: {name} <folder>.";
                            return null;
                        }
                        value = args[++i];
                    }
                    if (value.Length == 0)
                    {
                        error = $"'{name}' needs a folder: {name} <folder>.";
                        return null;
                    }
                    if (line.Out is not null)
                    {
                        error = "'--out' is given twice; give one output folder.";
                        return null;
                    }
                    line.Out = value;
                    break;
                case "--split-by-first-key":
                    line.Split = true;
                    break;
                default:
                    if (name == splitOption)
                    {
                        line.Split = true;
                        break;
                    }
                    error = $"unknown option '{name}'{DidYouMean(name, ["--out", "--help", "--version", splitOption])}";
                    return null;
            }
            if (value is not null && name is not ("-o" or "--out"))
            {
                error = $"'{name}' takes no value.";
                return null;
            }
        }
        if (line.Help || line.Version) return line;
        switch (line.Command)
        {
            case CommandKind.None:
                error = "no command given.";
                return null;
            case CommandKind.Compile when line.Out is null:
                error = "'compile' needs an output folder: --out <folder>.";
                return null;
            case CommandKind.Validate when line.Out is not null || line.Split:
                error = "'validate' writes nothing, so it takes no --out or split option; use 'compile'.";
                return null;
            case CommandKind.Schema or CommandKind.Docs:
                var name = line.Command == CommandKind.Schema ? "schema" : "docs";
                if (line.Paths.Count > 0)
                {
                    error = $"'{name}' takes no definition files; it describes the schema itself.";
                    return null;
                }
                if (line.Split)
                {
                    error = $"'{name}' takes no split option.";
                    return null;
                }
                return line;
        }
        if (line.Paths.Count == 0)
        {
            error = $"'{(line.Command == CommandKind.Compile ? "compile" : "validate")}' needs at least one definition file or folder.";
            return null;
        }
        return line;
    }

    private static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Suggestions.Closest(input, candidates) is { } suggestion ? $"; did you mean '{suggestion}'?" : ".";
}
