using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CallRules.Benchmarks.HandWritten;
using CallRules.Connections;

namespace CallRules.Benchmarks.Throughput;

/// <summary>
/// Checks, before anything is timed, that the paths compared do the same work: every definition is valid for all of
/// them, the hand-written emitters write byte for byte what the generated code writes, and the data exercises every
/// supported field.
/// </summary>
public static class EquivalenceCheck
{
    public static void Run(byte[] json, int expectedCount)
    {
        var generated = new ArrayBufferWriter<byte>();
        var callRules = new CallRulesDirectCompiler(generated);
        var invalid = callRules.Compile(json);
        if (invalid != 0)
            throw new InvalidOperationException($"{invalid} definitions are invalid for CallRules; first error: {callRules.Errors.FirstOrDefault()}");

        var handWritten = new HandWrittenCompiler();
        foreach (var (name, compile) in new (string, Func<byte[], IBufferWriter<byte>, int>)[]
                 {
                     ("HandWrittenReflection", handWritten.CompileReflection),
                     ("HandWrittenSourceGen", handWritten.CompileSourceGenerated),
                 })
        {
            var output = new ArrayBufferWriter<byte>();
            var bad = compile(json, output);
            if (bad != 0)
                throw new InvalidOperationException($"{bad} definitions are invalid for {name}: {string.Join("; ", handWritten.LastResults.Select(r => r.ErrorMessage))}");
            if (!output.WrittenSpan.SequenceEqual(generated.WrittenSpan))
            {
                var at = output.WrittenSpan.CommonPrefixLength(generated.WrittenSpan);
                var from = Math.Max(0, at - 80);
                throw new InvalidOperationException(
                    $"{name} writes other call rules than CallRules, from byte {at}:\n--- CallRules:\n{Text(generated.WrittenSpan, from)}\n--- {name}:\n{Text(output.WrittenSpan, from)}");
            }
        }

        var seen = CountProperties(json, out var count);
        if (count != expectedCount)
            throw new InvalidOperationException($"The data holds {count} definitions, not {expectedCount}.");
        var missing = Connection.Schema.Fields.Select(f => f.Name).Where(n => !seen.ContainsKey(n) && n != "call-routing").ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException($"The data never sets {string.Join(", ", missing)}.");
    }

    /// <summary>How many definitions set each property.</summary>
    public static Dictionary<string, int> CountProperties(byte[] json, out int definitions)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        definitions = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1) definitions++;
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
            {
                var name = reader.GetString()!;
                seen[name] = seen.GetValueOrDefault(name) + 1;
            }
        }
        return seen;
    }

    private static string Text(ReadOnlySpan<byte> bytes, int from) =>
        System.Text.Encoding.UTF8.GetString(bytes.Slice(from, Math.Min(400, bytes.Length - from)));
}
