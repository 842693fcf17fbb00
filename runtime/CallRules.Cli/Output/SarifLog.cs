using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CallRules.Runtime;
using CallRules.Runtime.Schema;

namespace CallRules.Cli.Output;

/// <summary>
/// Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the format code-scanning
/// tools read to show each error on its line of the definition file. One run, one result per diagnostic; relative
/// file names are resolved against the working folder (<c>%SRCROOT%</c>).
/// </summary>
internal static class SarifLog
{
    /// <summary>The base id of relative file names.</summary>
    public const string SourceRoot = "%SRCROOT%";

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<DefinitionError> diagnostics, DefinitionSchema schema,
        string workingDirectory, int exitCode, string summary)
    {
        var rules = diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "callrules");
        writer.WriteString("semanticVersion", CallRules.Cli.Hosting.ToolVersion.Current);
        writer.WriteString("fullName", $"callrules ({schema.Name} definitions, {schema.SchemaFile})");
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule);
            writer.WriteString("helpUri", new DefinitionError(rule, "").HelpLink);
            writer.WriteStartObject("help");
            writer.WriteString("text", $"{rule} is described, with an example and the fix, in docs/error-codes.md.");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(SourceRoot);
        writer.WriteString("uri", FolderUri(workingDirectory));
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", exitCode != Cli.ExitCodes.Usage);
        writer.WriteNumber("exitCode", exitCode);
        writer.WriteStartArray("toolExecutionNotifications");
        writer.WriteStartObject();
        writer.WriteStartObject("message");
        writer.WriteString("text", summary);
        writer.WriteEndObject();
        writer.WriteString("level", "note");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartArray("results");
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", diagnostic.Code);
            writer.WriteNumber("ruleIndex", rules.IndexOf(diagnostic.Code));
            writer.WriteString("level", diagnostic.IsError ? "error" : "warning");
            writer.WriteStartObject("message");
            writer.WriteString("text", diagnostic.Message);
            writer.WriteEndObject();
            if (diagnostic.File is not null)
            {
                writer.WriteStartArray("locations");
                writer.WriteStartObject();
                writer.WriteStartObject("physicalLocation");
                writer.WriteStartObject("artifactLocation");
                if (Path.IsPathRooted(diagnostic.File))
                {
                    writer.WriteString("uri", new Uri(diagnostic.File).AbsoluteUri);
                }
                else
                {
                    writer.WriteString("uri", RelativeUri(diagnostic.File));
                    writer.WriteString("uriBaseId", SourceRoot);
                }
                writer.WriteEndObject();
                if (diagnostic.Position.IsKnown)
                {
                    writer.WriteStartObject("region");
                    writer.WriteNumber("startLine", diagnostic.Position.Line);
                    writer.WriteNumber("startColumn", diagnostic.Position.Column);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
                if (diagnostic.JsonPath is not null)
                {
                    writer.WriteStartArray("logicalLocations");
                    writer.WriteStartObject();
                    writer.WriteString("fullyQualifiedName", diagnostic.JsonPath);
                    if (diagnostic.Field is not null) writer.WriteString("name", diagnostic.Field);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A relative path as a relative URI reference: '/' between segments, each segment percent-encoded.</summary>
    public static string RelativeUri(string path) =>
        string.Join('/', path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));

    private static string FolderUri(string folder)
    {
        var uri = new Uri(Path.GetFullPath(folder)).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }
}
