using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text.Json;
using CallRules.Cli.Hosting;
using CallRules.Cli.Output;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Planning;
using CallRules.Runtime.Schema;
using CallRules.Runtime.Validation;

namespace CallRules.Cli.Commands;

/// <summary>
/// <c>callrules explain &lt;definitions&gt;... --connection &lt;section name&gt; [--key &lt;Key&gt;]</c>: for each call-rule
/// line of one section, where its value comes from (set at a file position, a literal default, another field's value,
/// a value map). The option is named after the schema (<c>--connection</c> for the Connection schema).
/// </summary>
internal sealed class ExplainCommand<T> : CliCommand where T : class, IDefinition<T>
{
    private readonly Argument<string[]> _paths = CliOptions.Paths("files or folders",
        "Definition files (.json), or folders searched recursively for *.json, as for compile.");
    private readonly Option<string[]> _section = CliOptions.Value(SectionOption, "--section", "section name",
        $"The {Noun} to explain, by its call-rule section name (as plan and the call-rule file show it: {SectionExample}).");
    private readonly Option<string[]> _key = CliOptions.Value("--key", "", "Key",
        "Explain only this line: a call-rule key (as in the call-rule file), or the field's name in definition files.");
    private readonly Option<string[]> _format = CliOptions.Format(sarif: false);

    public ExplainCommand() : base("explain", $"Show where each call-rule line of one {Noun} gets its value.")
    {
        Command.Add(_paths);
        Command.Add(_section);
        Command.Add(_key);
        Command.Add(_format);
    }

    private static DefinitionSchema Schema => T.Schema;

    private static string Noun => Schema.Name.ToLowerInvariant();

    /// <summary>The option naming the section: <c>--connection</c> for the Connection schema.</summary>
    private static string SectionOption => "--" + Noun;

    private static string SectionExample => string.Join(DefinitionKey.Separator, Schema.Key.Select(k => "<" + k + ">"));

    public override string Title => $"callrules explain: show where each call-rule line of one {Noun} gets its value.";

    public override IReadOnlyList<string> Usage => [$"callrules explain <files or folders>... {SectionOption} <section name> [--key <Key>] [--format text|json]"];

    public override string Notes => $"""
        The definitions are checked as validate checks them; then, for each line of the {Noun}'s
        call-rule section, in the order compile writes them, the value and where it comes from:
          set at <file>(<line>,<column>)          the definition sets the field there
          default: the value of <field> (<where>)  the field is not set and takes another field's value
          default '<value>'                        nothing is set: the schema's default
        and ", mapped to '<value>'" when the schema maps the value before it is written. A secret (a
        field marked secret in the schema) is shown as (secret). Lines that are not written (nothing
        set, no default) are listed at the end. An unknown section name or key gets a did-you-mean.
        --format json prints one JSON document instead: each line's key, field, value, origin (set,
        defaultFrom, default, notWritten), the field it comes from and where, the value before a map;
        a secret's value is null there too.

        Exit codes: 0 explained; 1 invalid definitions, an unreadable file, or no {Noun} with that
        section name; 2 usage error (an unknown --key among them).
        """;

    public override IReadOnlyList<string> Examples =>
    [
        $"callrules explain definitions {SectionOption} '{SectionExample}'",
        $"callrules explain definitions {SectionOption} '{SectionExample}' --key <Key>",
    ];

    public override string? CheckUsage(ParseResult result)
    {
        var section = CliOptions.Single(result, _section, out var error);
        if (error is not null) return error;
        if (section is null) return $"'explain' needs the {Noun} to explain: {SectionOption} <section name>.";
        CliOptions.Single(result, _key, out error);
        if (error is not null) return error;
        CliOptions.ReadFormat(result, _format, out error);
        if (error is not null) return error;
        if ((result.GetValue(_paths) ?? []).Length == 0) return "'explain' needs at least one definition file or folder.";
        return null;
    }

    public override int Run(ParseResult result, CliContext context)
    {
        // A section name as the call-rule file shows it, brackets and all, is accepted too.
        var section = CliOptions.Single(result, _section, out _)!;
        if (section.Length > 1 && section[0] == '[' && section[^1] == ']') section = section[1..^1];
        var key = CliOptions.Single(result, _key, out _);
        var json = CliOptions.ReadFormat(result, _format, out _) == OutputFormat.Json;
        FieldInfo? only = null;
        if (key is not null && !TryFindKey(key, out only, out var keyError))
            return CallRulesApp<T>.Usage(context, keyError!);

        var errors = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(result.GetValue(_paths)!, errors);
        if (errors.Any(e => e.IsError))
            return Fail(context, json, section, ExitCodes.Usage, errors, $"{Counting.Count(errors.Count(e => e.IsError), "error")} in the paths given; nothing explained.");
        using (var check = new DefinitionCompiler<T>().Validate(inputs, context.Cancellation))
        {
            if (!check.Succeeded)
            {
                return Fail(context, json, section, ExitCodes.Failed, check.Diagnostics,
                    $"{Counting.Count(check.Errors.Count, "error")} in {check.FilesWithErrors} of {Counting.Count(check.FileCount, "file")}; " +
                    "nothing explained (compile would write nothing).");
            }
        }

        var names = new List<string>();
        var definition = DefinitionExplainer<T>.Find(inputs, section, names, context.Cancellation);
        if (definition is null)
        {
            var suggestion = Suggestions.Closest(section, names);
            var message = $"no {Noun} has the section name '{MessageText.Escape(section)}' " +
                $"(read {Counting.Count(names.Count, Noun)} in {Counting.Count(inputs.Count, "file")})." +
                (suggestion is null ? "" : $" Did you mean '{MessageText.Escape(suggestion)}'?");
            return Fail(context, json, section, ExitCodes.Failed, [], json ? message : "callrules: error: " + message);
        }

        var explanation = DefinitionExplainer<T>.Explain(definition);
        var rules = only is null ? explanation.Rules : explanation.Rules.Where(r => ReferenceEquals(r.Field, only)).ToList();
        if (json)
        {
            WriteJson(context, ExitCodes.Success, section, explanation, rules, [], null);
            return ExitCodes.Success;
        }
        context.Stdout.WriteLine($"[{MessageText.Escape(explanation.Section)}] at {Location(explanation.File, explanation.Start)}");
        var shown = rules.Where(r => r.Kind != CallRuleOriginKind.NotWritten).ToList();
        var lines = shown.Select(r => (Rule: Line(r), Why: Why(r))).ToList();
        var width = Math.Min(48, lines.Count == 0 ? 0 : lines.Max(l => l.Rule.Length));
        foreach (var (rule, why) in lines)
            context.Stdout.WriteLine("  " + rule.PadRight(width) + "  " + why);
        var unwritten = rules.Where(r => r.Kind == CallRuleOriginKind.NotWritten).ToList();
        if (only is not null && unwritten.Count > 0)
            context.Stdout.WriteLine($"  {only.CallRule} is not written: {only.Name} is not set and has no default.");
        else if (only is not null)
            context.Stdout.WriteLine($"  field: {only.Name}" + (shown[0].Kind == CallRuleOriginKind.Set ? "" : " (not set: set it to change this line)"));
        else if (unwritten.Count > 0)
            context.Stdout.WriteLine("  Not written (not set, no default): " + string.Join(", ", unwritten.Select(r => r.Key)) + ".");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Prints a run that explained nothing: as text, the diagnostics and <paramref name="summary"/> on standard error; as
    /// JSON, one document with them. Returns <paramref name="code"/>.
    /// </summary>
    private static int Fail(CliContext context, bool json, string section, int code, IReadOnlyList<DefinitionError> diagnostics, string summary)
    {
        if (json)
        {
            WriteJson(context, code, section, null, null, diagnostics, summary);
            return code;
        }
        foreach (var diagnostic in diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
        context.Stderr.WriteLine(summary);
        return code;
    }

    /// <summary>
    /// The explanation as one JSON document, with the conventions of the other commands' <c>--format json</c> (command,
    /// succeeded, exitCode, diagnostics). A secret's value and its value before a map are null, as text shows (secret).
    /// </summary>
    private static void WriteJson(CliContext context, int code, string section, DefinitionExplanation? explanation,
        IReadOnlyList<RuleExplanation>? rules, IReadOnlyList<DefinitionError> diagnostics, string? message)
    {
        JsonOutput.Print(context.Stdout, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("command", "explain");
            writer.WriteBoolean("succeeded", code == ExitCodes.Success);
            writer.WriteNumber("exitCode", code);
            writer.WriteString("section", explanation?.Section ?? section);
            JsonOutput.WriteStringOrNull(writer, "file", explanation?.File);
            WritePosition(writer, explanation?.Start ?? default);
            if (rules is null)
            {
                writer.WriteNull("rules");
            }
            else
            {
                writer.WriteStartArray("rules");
                foreach (var rule in rules) WriteRule(writer, rule);
                writer.WriteEndArray();
            }
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in diagnostics) JsonOutput.WriteDiagnostic(writer, diagnostic);
            writer.WriteEndArray();
            JsonOutput.WriteStringOrNull(writer, "message", message);
            writer.WriteEndObject();
        });
    }

    private static void WriteRule(Utf8JsonWriter writer, RuleExplanation rule)
    {
        writer.WriteStartObject();
        writer.WriteString("key", rule.Key);
        writer.WriteString("field", rule.Field.Name);
        writer.WriteBoolean("secret", rule.Secret);
        // Never a secret's value, before or after its map.
        JsonOutput.WriteStringOrNull(writer, "value", rule.Secret ? null : rule.Value);
        writer.WriteString("origin", rule.Kind switch
        {
            CallRuleOriginKind.Set => "set",
            CallRuleOriginKind.DefaultFrom => "defaultFrom",
            CallRuleOriginKind.Default => "default",
            _ => "notWritten",
        });
        JsonOutput.WriteStringOrNull(writer, "from", rule.From?.Name);
        JsonOutput.WriteStringOrNull(writer, "file", rule.File);
        WritePosition(writer, rule.File is null ? default : rule.Position);
        JsonOutput.WriteStringOrNull(writer, "wireValue", rule.Secret ? null : rule.WireValue);
        writer.WriteBoolean("mapped", !rule.Secret && rule.IsMapped);
        writer.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter writer, SourcePosition position)
    {
        if (position.IsKnown)
        {
            writer.WriteNumber("line", position.Line);
            writer.WriteNumber("column", position.Column);
        }
        else
        {
            writer.WriteNull("line");
            writer.WriteNull("column");
        }
    }

    /// <summary>
    /// Finds the field a <c>--key</c> names: a call-rule key, or a field's wire name; otherwise a usage error with the
    /// closest key as a did-you-mean.
    /// </summary>
    private static bool TryFindKey(string key, out FieldInfo? field, out string? error)
    {
        error = null;
        var written = Schema.Fields.Where(f => f.CallRule is not null && f.Unsupported is null).ToList();
        field = written.FirstOrDefault(f => string.Equals(f.CallRule, key, StringComparison.Ordinal))
            ?? written.FirstOrDefault(f => string.Equals(f.Name, key, StringComparison.Ordinal))
            ?? written.FirstOrDefault(f => string.Equals(f.CallRule, key, StringComparison.OrdinalIgnoreCase));
        if (field is not null) return true;
        if (Schema.Find(key) is { } silent)
        {
            error = $"'{key}' is not written to the call rules{(silent.Unsupported is null ? "" : " (it is not supported)")}, so no line has a value to explain.";
            return false;
        }
        var suggestion = Suggestions.Closest(key, written.Select(f => f.CallRule!).Concat(written.Select(f => f.Name)));
        error = $"'{key}' is not a call-rule key of {Noun} definitions." +
            (suggestion is null ? $" Run 'callrules docs' for the keys." : $" Did you mean '{suggestion}'?");
        return false;
    }

    private static string Location(string? file, SourcePosition position) =>
        MessageText.Escape(file ?? "(no file)") + position;

    private static string Line(RuleExplanation rule) =>
        rule.Key + "=" + (rule.Secret ? "(secret)" : MessageText.Escape(rule.Value!));

    private static string Why(RuleExplanation rule)
    {
        var mapped = rule.IsMapped ? $", mapped to '{MessageText.Escape(rule.Value!)}'" : "";
        return rule.Kind switch
        {
            CallRuleOriginKind.Set => $"set at {Location(rule.File, rule.Position)}" + (rule.IsMapped ? $" to '{MessageText.Escape(rule.WireValue!)}'{mapped}" : ""),
            CallRuleOriginKind.DefaultFrom => $"default: the value of {rule.From!.Name} ({Location(rule.File, rule.Position)})" +
                (rule.IsMapped ? $", '{MessageText.Escape(rule.WireValue!)}'{mapped}" : ""),
            CallRuleOriginKind.Default when rule.Secret => "default (secret)",
            CallRuleOriginKind.Default when ReferenceEquals(rule.From, rule.Field) => $"default '{MessageText.Escape(rule.WireValue!)}'{mapped}",
            CallRuleOriginKind.Default => $"default '{MessageText.Escape(rule.WireValue!)}' (of {rule.From!.Name}, which it defaults to; neither is set){mapped}",
            _ => "",
        };
    }
}
