using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CallRules.Benchmarks.Data;
using CallRules.Benchmarks.HandWritten;
using CallRules.Connections;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;

namespace CallRules.Benchmarks.Throughput;

/// <summary>
/// Where the generated path's time goes, by ablation over the same 10,000 definitions: the reader floor plus one
/// ingredient of <c>ReadJson</c> at a time (position tracking, string values), then each later step alone on
/// definitions read beforehand (Validate, the section name, WriteCallRules, sorting the keys).
/// </summary>
[MemoryDiagnoser]
public class HotPathCostBenchmarks
{
    private byte[] _json = [];
    private Connection[] _definitions = [];
    private readonly List<DefinitionError> _errors = [];
    private ArrayBufferWriter<byte> _output = null!;
    private CallRuleWriter _writer = null!;
    private List<HandWrittenConnection> _handWritten = [];
    private readonly HandWrittenEmitter _handWrittenEmitter = new();
    private DefinitionKey[] _keys = [];
    private DefinitionKey[] _sorted = [];

    [GlobalSetup]
    public void Setup()
    {
        _json = new ConnectionDataGenerator().CreateArray(CompileThroughputBenchmarks.Count);
        _definitions = ReadAll(_json, keep: true);
        _output = new ArrayBufferWriter<byte>(16 * 1024 * 1024);
        _writer = new CallRuleWriter(_output);
        _keys = Array.ConvertAll(_definitions, d => d.Key);
        _handWritten = JsonSerializer.Deserialize(_json, HandWrittenJsonContext.Default.ListHandWrittenConnection)!;
        _sorted = new DefinitionKey[_keys.Length];
    }

    [Benchmark(Baseline = true)]
    public int Floor() => ReaderFloor.ReadAll(_json);

    /// <summary>The floor plus SourcePositionTracker.PositionOf at each object and property name, as ReadJson asks.</summary>
    [Benchmark]
    public int FloorWithPositions() => PositionCost.ReadWithPositions(_json, perDefinition: false);

    /// <summary>The floor plus a string for every string value (ReadJson makes one for enum values too).</summary>
    [Benchmark]
    public int FloorWithStrings() => ReaderFloor.ReadAllWithStrings(_json);

    /// <summary>Connection.ReadJson over the array; the definitions die young, as in the compile path.</summary>
    [Benchmark]
    public int ReadJson() => ReadAll(_json, keep: false).Length;

    /// <summary>Validate alone, on definitions read beforehand.</summary>
    [Benchmark]
    public int ValidateOnly()
    {
        var errors = 0;
        foreach (var definition in _definitions)
        {
            _errors.Clear();
            definition.Validate(_errors);
            errors += _errors.Count;
        }
        return errors;
    }

    /// <summary>The key and its section name alone (WriteCallRules starts with them; the pipeline asks for the key again).</summary>
    [Benchmark]
    public int SectionNameOnly()
    {
        var length = 0;
        foreach (var definition in _definitions) length += definition.Key.SectionName.Length;
        return length;
    }

    /// <summary>Sorting the keys into section order, as the pipeline does once per run (DefinitionKey.CompareTo).</summary>
    [Benchmark]
    public int SortKeys()
    {
        Array.Copy(_keys, _sorted, _keys.Length);
        Array.Sort(_sorted);
        return _sorted.Length;
    }

    /// <summary>WriteCallRules alone, on definitions read beforehand.</summary>
    [Benchmark]
    public int WriteCallRulesOnly()
    {
        _output.ResetWrittenCount();
        foreach (var definition in _definitions) definition.WriteCallRules(_writer);
        return _output.WrittenCount;
    }

    /// <summary>
    /// The hand-written baseline's StringBuilder emitter alone, on the same definitions: the same call-rule text, built
    /// as UTF-16 and transcoded once per section.
    /// </summary>
    [Benchmark]
    public int HandWrittenEmitOnly()
    {
        _output.ResetWrittenCount();
        foreach (var definition in _handWritten) _handWrittenEmitter.Write(definition, _output);
        return _output.WrittenCount;
    }

    private static Connection[] ReadAll(byte[] json, bool keep)
    {
        var errors = new List<DefinitionError>();
        var context = new JsonReadContext("definitions.json", errors);
        context.Reset(json, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(JsonReadContext.ReaderOptions));
        reader.Read();
        var definitions = new List<Connection>(CompileThroughputBenchmarks.Count);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var definition = Connection.ReadJson(ref reader, context);
            if (keep) definitions.Add(definition);
        }
        return definitions.ToArray();
    }
}

/// <summary>
/// The layout of the JSON against the cost of positions: the same definitions indented (a property per line) and
/// minified (each definition on one line, as API dumps and <c>jq -c</c> write them), through the pipeline with one
/// worker, which resets positions at every definition, and the floor plus position tracking reset the same way.
/// </summary>
[MemoryDiagnoser]
public class JsonLayoutBenchmarks
{
    private byte[] _json = [];
    private DefinitionInput[] _inputs = [];
    private DefinitionCompiler<Connection> _pipeline = null!;

    [Params(JsonLayout.Indented, JsonLayout.Minified)]
    public JsonLayout Layout { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _json = new ConnectionDataGenerator(layout: Layout).CreateArray(CompileThroughputBenchmarks.Count);
        _inputs = [DefinitionInput.FromBytes("definitions.json", _json)];
        _pipeline = new DefinitionCompiler<Connection>(new CompileOptions { Parallelism = 1 });
    }

    [Benchmark(Baseline = true)]
    public int Floor() => ReaderFloor.ReadAll(_json);

    [Benchmark]
    public int FloorWithPositionsPerDefinition() => PositionCost.ReadWithPositions(_json, perDefinition: true);

    [Benchmark]
    public int CallRulesPipelineOneWorker()
    {
        using var result = _pipeline.Compile(_inputs);
        if (!result.Succeeded) throw new InvalidOperationException(result.Errors[0].ToString());
        result.Rules!.WriteTo(Stream.Null);
        return result.DefinitionCount;
    }
}

/// <summary>Reading with <see cref="SourcePositionTracker"/> asked for a position where ReadJson asks for one.</summary>
public static class PositionCost
{
    /// <summary>
    /// Reads every token and asks for the position of each definition and each of its property names. With
    /// <paramref name="perDefinition"/> the tracker starts over at each definition, over that definition's bytes, as the
    /// pipeline does for each frame; otherwise it runs once over the whole array, as a reader over one buffer does.
    /// </summary>
    public static int ReadWithPositions(byte[] json, bool perDefinition)
    {
        var tracker = new SourcePositionTracker();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        tracker.Reset(json, new SourcePosition(1, 1));
        long origin = 0;
        var sum = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1 && perDefinition)
            {
                // The frame the pipeline hands a worker starts at the object; its start position is known.
                origin = reader.TokenStartIndex;
                tracker.Reset(json.AsMemory((int)origin), new SourcePosition(1, 1));
            }
            if (reader.TokenType is JsonTokenType.PropertyName || (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1))
                sum += tracker.PositionOf(reader.TokenStartIndex - origin).Column;
        }
        return sum;
    }
}
