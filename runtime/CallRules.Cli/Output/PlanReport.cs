using System.Collections.Generic;
using System.Text.Json;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Planning;

namespace CallRules.Cli.Output;

/// <summary>
/// Prints what <c>plan</c> and <c>diff</c> found: one block per changed section, in section order, then a count; or
/// the same as one JSON document. A secret's value is never printed, before or after: only that it changed.
/// </summary>
internal static class PlanReport
{
    private const string Green = "\u001b[32m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    /// <summary>The count line: <c>Plan: 1 to add, 1 to change, 1 to remove.</c></summary>
    public static string Summary(IReadOnlyList<SectionChange> changes)
    {
        var (add, change, remove) = CallRuleDiff.Count(changes);
        return $"Plan: {add} to add, {change} to change, {remove} to remove.";
    }

    /// <summary>Prints the plan as text to standard output (diagnostics, if any, go to standard error).</summary>
    public static void WriteText(CliContext context, IReadOnlyList<SectionChange> changes, IReadOnlyList<DefinitionError> diagnostics, string noChanges,
        IReadOnlyList<string> notes)
    {
        foreach (var diagnostic in diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
        foreach (var note in notes) context.Stderr.WriteLine("note: " + note);
        var output = context.Stdout;
        if (changes.Count == 0)
        {
            output.WriteLine(noChanges);
            return;
        }
        var color = context.UseColor;
        foreach (var change in changes)
        {
            var (mark, paint) = change.Kind switch
            {
                SectionChangeKind.Add => ("+", Green),
                SectionChangeKind.Remove => ("-", Red),
                _ => ("~", Yellow),
            };
            var section = MessageText.Escape(change.Section);
            output.WriteLine(color ? $"{paint}{mark} [{section}]{Reset}" : $"{mark} [{section}]");
            if (change.Kind == SectionChangeKind.Remove) continue;
            foreach (var rule in change.Rules)
            {
                var line = "    " + (change.Kind == SectionChangeKind.Add ? RuleChangeText.Added(rule) : RuleChangeText.Change(rule));
                output.WriteLine(color ? $"{paint}{line}{Reset}" : line);
            }
        }
        output.WriteLine();
        output.WriteLine(Summary(changes));
    }

    /// <summary>Prints the plan as one JSON document on standard output.</summary>
    public static void WriteJson(CliContext context, string command, int exitCode, IReadOnlyList<SectionChange>? changes, IReadOnlyList<DefinitionError> diagnostics,
        IReadOnlyList<string> notes)
    {
        JsonOutput.Print(context.Stdout, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("command", command);
            writer.WriteBoolean("succeeded", exitCode is ExitCodes.Success or ExitCodes.Changes);
            writer.WriteNumber("exitCode", exitCode);
            if (changes is not null)
            {
                var (add, change, remove) = CallRuleDiff.Count(changes);
                writer.WriteStartObject("summary");
                writer.WriteNumber("add", add);
                writer.WriteNumber("change", change);
                writer.WriteNumber("remove", remove);
                writer.WriteEndObject();
                writer.WriteStartArray("changes");
                foreach (var section in changes) WriteChange(writer, section);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull("summary");
                writer.WriteNull("changes");
            }
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in diagnostics) JsonOutput.WriteDiagnostic(writer, diagnostic);
            writer.WriteEndArray();
            writer.WriteStartArray("notes");
            foreach (var note in notes) writer.WriteStringValue(note);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteChange(Utf8JsonWriter writer, SectionChange change)
    {
        writer.WriteStartObject();
        writer.WriteString("action", change.Kind switch
        {
            SectionChangeKind.Add => "add",
            SectionChangeKind.Remove => "remove",
            _ => "change",
        });
        writer.WriteString("section", change.Section);
        writer.WriteString("file", change.File);
        writer.WriteStartArray("rules");
        foreach (var rule in change.Rules) RuleChangeText.WriteJson(writer, rule);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
