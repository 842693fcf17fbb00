using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using CallRules.Connections;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;

namespace CallRules.Benchmarks.Throughput;

/// <summary>How far the generated path goes for each definition.</summary>
public enum CompileStage
{
    /// <summary><c>Connection.ReadJson</c> only.</summary>
    Read,
    /// <summary>Read, then <c>Validate</c>.</summary>
    ReadValidate,
    /// <summary>Read, validate, and <c>WriteCallRules</c>: the whole compile of one definition.</summary>
    Compile,
}

/// <summary>
/// The generated code driven directly, the way the pipeline's worker drives it but without framing, batching or
/// sorting: one <see cref="Utf8JsonReader"/> over a whole JSON array, one <see cref="JsonReadContext"/> reset once,
/// and for each element <c>ReadJson</c>, <c>Validate</c> and <c>WriteCallRules</c> into a reused buffer.
/// </summary>
public sealed class CallRulesDirectCompiler
{
    private readonly List<DefinitionError> _errors = [];
    private readonly JsonReadContext _context;
    private readonly ArrayBufferWriter<byte> _output;
    private readonly CallRuleWriter _writer;
    private Connection? _reused; // as the pipeline's workers do: one instance, read into again

    /// <summary>Creates a compiler that writes to <paramref name="output"/>.</summary>
    public CallRulesDirectCompiler(ArrayBufferWriter<byte> output)
    {
        _output = output;
        _writer = new CallRuleWriter(output);
        // As the pipeline's workers read: positions on demand, since each definition is done with before the next.
        _context = new JsonReadContext("definitions.json", _errors) { PositionsOnDemand = true };
    }

    /// <summary>The errors of the last definition that had any.</summary>
    public IReadOnlyList<DefinitionError> Errors => _errors;

    /// <summary>Compiles every definition of the array <paramref name="json"/>; returns how many were invalid.</summary>
    public int Compile(ReadOnlyMemory<byte> json, CompileStage stage = CompileStage.Compile)
    {
        _output.ResetWrittenCount();
        _context.Reset(json, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(json.Span, isFinalBlock: true, new JsonReaderState(JsonReadContext.ReaderOptions));
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new InvalidOperationException("The benchmark data must be one JSON array.");
        var invalid = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            _errors.Clear();
            var definition = _reused = Connection.ReadJson(ref reader, _context, _reused);
            if (stage == CompileStage.Read) continue;
            definition.Validate(_errors);
            if (_errors.Count > 0)
            {
                invalid++;
                continue;
            }
            if (stage == CompileStage.Compile) definition.WriteCallRules(_writer);
        }
        return invalid;
    }
}
