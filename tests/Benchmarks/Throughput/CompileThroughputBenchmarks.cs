using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CallRules.Benchmarks.Data;
using CallRules.Benchmarks.HandWritten;
using CallRules.Connections;
using CallRules.Runtime.Pipeline;

namespace CallRules.Benchmarks.Throughput;

/// <summary>
/// Compile throughput in memory: the same UTF-8 JSON array of <see cref="Count"/> definitions through the reader floor,
/// the generated path, the runtime's pipeline, and the two hand-written System.Text.Json baselines. Every method
/// handles all definitions; divide by <see cref="Count"/> for the cost of one (docs/performance.md does).
/// </summary>
[MemoryDiagnoser]
public class CompileThroughputBenchmarks
{
    /// <summary>How many definitions the array holds.</summary>
    public const int Count = 10_000;

    private byte[] _json = [];
    private ArrayBufferWriter<byte> _output = null!;
    private CallRulesDirectCompiler _callRules = null!;
    private HandWrittenCompiler _handWritten = null!;
    private DefinitionInput[] _inputs = [];
    private DefinitionCompiler<Connection> _pipeline = null!;
    private DefinitionCompiler<Connection> _pipelineOneWorker = null!;
    private DefinitionCompiler<Connection> _pipelineOneWorkerInMemory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = new ConnectionDataGenerator().CreateArray(Count);
        _output = new ArrayBufferWriter<byte>(16 * 1024 * 1024);
        _callRules = new CallRulesDirectCompiler(_output);
        _handWritten = new HandWrittenCompiler();
        _inputs = [DefinitionInput.FromBytes("definitions.json", _json)];
        _pipeline = new DefinitionCompiler<Connection>();
        _pipelineOneWorker = new DefinitionCompiler<Connection>(new CompileOptions { Parallelism = 1 });
        _pipelineOneWorkerInMemory = new DefinitionCompiler<Connection>(new CompileOptions { Parallelism = 1, SpillMemoryLimit = long.MaxValue });
        EquivalenceCheck.Run(_json, Count);
    }

    /// <summary>The floor: <see cref="Utf8JsonReader"/> reading every token and doing nothing else.</summary>
    [Benchmark(Baseline = true)]
    public int Floor() => ReaderFloor.ReadAll(_json);

    /// <summary>The generated code: ReadJson, Validate and WriteCallRules for each element, one thread.</summary>
    [Benchmark]
    public int CallRules() => _callRules.Compile(_json);

    /// <summary>The runtime's in-memory compile: framing, workers, key checks, sorting, and the output written.</summary>
    [Benchmark]
    public int CallRulesPipeline() => RunPipeline(_pipeline);

    /// <summary>The same pipeline with one worker, to compare with the one-thread paths.</summary>
    [Benchmark]
    public int CallRulesPipelineOneWorker() => RunPipeline(_pipelineOneWorker);

    /// <summary>
    /// The same with the spill limit lifted: the ~8.7 MB of call rules of 10,000 definitions pass the default 8 MiB per
    /// worker, so one worker spills to a temporary file and reads each section back with its own read call.
    /// </summary>
    [Benchmark]
    public int CallRulesPipelineOneWorkerInMemory() => RunPipeline(_pipelineOneWorkerInMemory);

    /// <summary>System.Text.Json reflection, DataAnnotations validation, a StringBuilder emitter.</summary>
    [Benchmark]
    public int HandWrittenReflection()
    {
        _output.ResetWrittenCount();
        return _handWritten.CompileReflection(_json, _output);
    }

    /// <summary>The same with a source-generated JsonSerializerContext.</summary>
    [Benchmark]
    public int HandWrittenSourceGen()
    {
        _output.ResetWrittenCount();
        return _handWritten.CompileSourceGenerated(_json, _output);
    }

    private int RunPipeline(DefinitionCompiler<Connection> compiler)
    {
        using var result = compiler.Compile(_inputs);
        if (!result.Succeeded) throw new InvalidOperationException($"The pipeline reported {result.Errors.Count} errors: {result.Errors[0]}");
        result.Rules!.WriteTo(Stream.Null);
        return result.DefinitionCount;
    }
}

/// <summary>Where the generated path spends its time: read only, read and validate, the whole compile.</summary>
[MemoryDiagnoser]
public class CallRulesStageBenchmarks
{
    private byte[] _json = [];
    private CallRulesDirectCompiler _callRules = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = new ConnectionDataGenerator().CreateArray(CompileThroughputBenchmarks.Count);
        _callRules = new CallRulesDirectCompiler(new ArrayBufferWriter<byte>(16 * 1024 * 1024));
    }

    [Benchmark(Baseline = true)]
    public int Floor() => ReaderFloor.ReadAll(_json);

    /// <summary>The floor plus a string for every string value: what materialising values costs at least.</summary>
    [Benchmark]
    public int FloorWithStrings() => ReaderFloor.ReadAllWithStrings(_json);

    [Benchmark]
    public int Read() => _callRules.Compile(_json, CompileStage.Read);

    [Benchmark]
    public int ReadValidate() => _callRules.Compile(_json, CompileStage.ReadValidate);

    [Benchmark]
    public int Compile() => _callRules.Compile(_json, CompileStage.Compile);
}

/// <summary>The reader floor, shared by the benchmarks and the regression check.</summary>
public static class ReaderFloor
{
    /// <summary>Reads every token; returns the token count so the work cannot be optimised away.</summary>
    public static int ReadAll(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var tokens = 0;
        while (reader.Read()) tokens++;
        return tokens;
    }

    /// <summary>Reads every token and makes a string of every string value.</summary>
    public static int ReadAllWithStrings(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var length = 0;
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.String) length += reader.GetString()!.Length;
        return length;
    }
}
