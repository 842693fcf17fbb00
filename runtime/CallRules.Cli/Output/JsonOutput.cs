using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallRules.Runtime;

namespace CallRules.Cli.Output;

/// <summary>Writes the JSON documents the CLI prints (<c>--format json</c>, SARIF): indented, UTF-8, readable escaping.</summary>
internal static class JsonOutput
{
    // The document is read by programs and by people in a terminal, never embedded in HTML, so only what JSON
    // requires is escaped ('<', '+' and quotes stay as they are).
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds a document with <paramref name="write"/> and prints it, with a final line feed.</summary>
    public static void Print(TextWriter output, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
            write(writer);
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    /// <summary>One diagnostic as an object: code, severity, message, file, line, column, field, JSON path.</summary>
    public static void WriteDiagnostic(Utf8JsonWriter writer, DefinitionError error)
    {
        writer.WriteStartObject();
        writer.WriteString("code", error.Code);
        writer.WriteString("severity", error.IsError ? "error" : "warning");
        writer.WriteString("message", error.Message);
        WriteStringOrNull(writer, "file", error.File);
        if (error.Position.IsKnown)
        {
            writer.WriteNumber("line", error.Position.Line);
            writer.WriteNumber("column", error.Position.Column);
        }
        else
        {
            writer.WriteNull("line");
            writer.WriteNull("column");
        }
        WriteStringOrNull(writer, "field", error.Field);
        WriteStringOrNull(writer, "jsonPath", error.JsonPath);
        writer.WriteEndObject();
    }

    /// <summary>A string property, or null.</summary>
    public static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }
}
