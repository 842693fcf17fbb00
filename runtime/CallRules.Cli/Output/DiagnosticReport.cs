using System.Collections.Generic;
using System.Linq;
using CallRules.Cli.Hosting;
using CallRules.Runtime;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Output;

/// <summary>
/// The diagnostics and summary of a <c>compile</c> or <c>validate</c> run, printed in the chosen format when the run
/// ends: as text (diagnostics on standard error in the compiler convention, the summary on standard output when the run
/// succeeded), as one JSON document, or as a SARIF 2.1.0 log. Messages never hold secret values, whatever the format.
/// </summary>
internal sealed class DiagnosticReport(CliContext context, OutputFormat format, string command, DefinitionSchema schema)
{
    private readonly List<DefinitionError> _diagnostics = [];
    private IReadOnlyList<string> _outputs = [];
    private int _files;
    private int _definitions;

    public void Add(DefinitionError error) => _diagnostics.Add(error);

    public void AddRange(IEnumerable<DefinitionError> errors) => _diagnostics.AddRange(errors);

    public void SetCounts(int files, int definitions)
    {
        _files = files;
        _definitions = definitions;
    }

    public void SetOutputs(IReadOnlyList<string> outputs) => _outputs = outputs;

    /// <summary>Prints everything; returns <paramref name="exitCode"/>.</summary>
    public int Finish(int exitCode, string summary)
    {
        switch (format)
        {
            case OutputFormat.Text:
                foreach (var diagnostic in _diagnostics) context.Stderr.WriteLine(diagnostic.ToString());
                // The summary may name paths: escaped by the one rule every diagnostic follows, so it stays one line.
                (exitCode == ExitCodes.Success ? context.Stdout : context.Stderr).WriteLine(MessageText.Escape(summary));
                break;
            case OutputFormat.Json:
                JsonOutput.Print(context.Stdout, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("command", command);
                    writer.WriteBoolean("succeeded", exitCode == ExitCodes.Success);
                    writer.WriteNumber("exitCode", exitCode);
                    writer.WriteString("summary", summary);
                    writer.WriteNumber("files", _files);
                    writer.WriteNumber("definitions", _definitions);
                    writer.WriteNumber("errors", _diagnostics.Count(d => d.IsError));
                    writer.WriteNumber("warnings", _diagnostics.Count(d => !d.IsError));
                    writer.WriteStartArray("outputs");
                    foreach (var output in _outputs) writer.WriteStringValue(output);
                    writer.WriteEndArray();
                    writer.WriteStartArray("diagnostics");
                    foreach (var diagnostic in _diagnostics) JsonOutput.WriteDiagnostic(writer, diagnostic);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
                break;
            case OutputFormat.Sarif:
                JsonOutput.Print(context.Stdout, writer => SarifLog.Write(writer, _diagnostics, schema, context.WorkingDirectory, exitCode, summary));
                break;
        }
        return exitCode;
    }
}
