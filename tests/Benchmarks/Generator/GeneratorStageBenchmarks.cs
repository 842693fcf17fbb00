using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using CallRules.Generator.Emitting;
using CallRules.Generator.Model;
using CallRules.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Benchmarks.Generator;

/// <summary>
/// Where CallRulesGenerator's warm run goes, step by step, on schema/connection.schema.json: parsing the schema into
/// the spec, building the templates' view, rendering the four Scriban templates from a built view, and the whole
/// SchemaEmitter.Render (view and templates).
/// </summary>
[MemoryDiagnoser]
public class GeneratorStageBenchmarks
{
    private SourceText _schema = null!;
    private SchemaSpec _spec = null!;
    private SchemaView _view = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schema = SourceText.From(GeneratorHarness.ConnectionSchemaText());
        _spec = SchemaParser.Parse("connection.schema.json", _schema, null, CancellationToken.None).Spec
            ?? throw new InvalidOperationException("connection.schema.json did not parse.");
        _view = new SchemaView(_spec, "0.1.0.0");
        var result = SchemaEmitter.Render(_spec, CancellationToken.None);
        if (result.Diagnostics.Count > 0 || result.Files.Count != SchemaEmitter.TemplateFiles.Length)
            throw new InvalidOperationException("connection.schema.json did not render.");
    }

    [Benchmark(Baseline = true)]
    public object ParseRenderAll() => SchemaEmitter.Render(SchemaParser.Parse("connection.schema.json", _schema, null, CancellationToken.None).Spec!, CancellationToken.None);

    [Benchmark]
    public object Parse() => SchemaParser.Parse("connection.schema.json", _schema, null, CancellationToken.None);

    [Benchmark]
    public object BuildView() => new SchemaView(_spec, "0.1.0.0");

    [Benchmark]
    public object RenderTemplates() => SchemaEmitter.RenderTemplates(_view, CancellationToken.None);

    [Benchmark]
    public object Render() => SchemaEmitter.Render(_spec, CancellationToken.None);
}
