using System;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CallRules.Benchmarks.Generator;

/// <summary>
/// CallRulesGenerator on schema/connection.schema.json against System.Text.Json's source generator on the equivalent
/// 51-property class with a JsonSerializerContext, in one process: a warm full run (JIT warm, no incremental state),
/// and the run after an unrelated C# edit (a driver that has run once, given the edited compilation).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _callRulesCompilation = null!;
    private CSharpCompilation _callRulesEdited = null!;
    private CSharpCompilation _stjCompilation = null!;
    private CSharpCompilation _stjEdited = null!;
    private GeneratorDriver _callRulesFresh = null!;
    private GeneratorDriver _callRulesRan = null!;
    private GeneratorDriver _stjFresh = null!;
    private GeneratorDriver _stjRan = null!;

    [GlobalSetup]
    public void Setup()
    {
        var schema = GeneratorHarness.ConnectionSchemaText();
        _callRulesCompilation = GeneratorHarness.CreateCompilation();
        _callRulesEdited = GeneratorHarness.WithUnrelatedEdit(_callRulesCompilation);
        _stjCompilation = GeneratorHarness.CreateCompilation(GeneratorHarness.StjSources());
        _stjEdited = GeneratorHarness.WithUnrelatedEdit(_stjCompilation);

        _callRulesFresh = GeneratorHarness.CreateCallRulesDriver(schema);
        _stjFresh = GeneratorHarness.CreateStjDriver();
        _callRulesRan = GeneratorHarness.RunAndCheck(_callRulesFresh, _callRulesCompilation, expectedFiles: 4);
        _stjRan = GeneratorHarness.RunAndCheck(_stjFresh, _stjCompilation, expectedFiles: 1);

        // The claim the cached benchmark rests on: after an unrelated edit CallRules re-runs nothing.
        var tracked = GeneratorHarness.RunAndCheck(GeneratorHarness.CreateCallRulesDriver(schema, trackSteps: true), _callRulesCompilation, 4);
        var ran = GeneratorHarness.StepsThatRan(tracked.RunGenerators(_callRulesEdited));
        if (ran.Length > 0)
            throw new InvalidOperationException("CallRulesGenerator re-ran after an unrelated edit: " + string.Join(", ", ran));
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver SystemTextJson_Warm() => _stjFresh.RunGenerators(_stjCompilation);

    [Benchmark]
    public GeneratorDriver CallRules_Warm() => _callRulesFresh.RunGenerators(_callRulesCompilation);

    [Benchmark]
    public GeneratorDriver SystemTextJson_AfterUnrelatedEdit() => _stjRan.RunGenerators(_stjEdited);

    [Benchmark]
    public GeneratorDriver CallRules_AfterUnrelatedEdit() => _callRulesRan.RunGenerators(_callRulesEdited);
}

/// <summary>CallRulesGenerator's warm run on synthetic schemas of growing size: the time should grow linearly.</summary>
[MemoryDiagnoser]
public class GeneratorScalingBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driver = null!;

    [Params(51, 250, 500, 1000)]
    public int Fields { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorHarness.CreateCompilation();
        _driver = GeneratorHarness.CreateCallRulesDriver(GeneratorHarness.SyntheticSchema(Fields));
        GeneratorHarness.RunAndCheck(_driver, _compilation, expectedFiles: 4);
    }

    [Benchmark]
    public GeneratorDriver CallRules_Warm() => _driver.RunGenerators(_compilation);
}
