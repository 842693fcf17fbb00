using System;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using CallRules.Generator.Emitting;
using CallRules.Generator.Model;
using CallRules.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;
using Scriban;
using Scriban.Runtime;

namespace CallRules.Benchmarks.Generator;

/// <summary>
/// Where CallRulesGenerator's warm run goes, step by step, on schema/connection.schema.json: parsing the schema into
/// the spec, building the templates' view, and rendering the four Scriban templates. Two rendering variants that
/// write the same text measure proposed changes to SchemaEmitter: (1) one TemplateContext (and one imported view)
/// shared by the four templates instead of one each, so Scriban's per-context cache of member accessors is filled once;
/// (2) a context given an empty builtin object, since the templates call no Scriban function: by default every
/// TemplateContext builds Scriban's whole builtin library (hundreds of functions wrapped through reflection).
/// </summary>
[MemoryDiagnoser]
public class GeneratorStageBenchmarks
{
    private SourceText _schema = null!;
    private SchemaSpec _spec = null!;
    private Template[] _templates = [];

    [GlobalSetup]
    public void Setup()
    {
        _schema = SourceText.From(GeneratorHarness.ConnectionSchemaText());
        _spec = SchemaParser.Parse("connection.schema.json", _schema, null, CancellationToken.None).Spec
            ?? throw new InvalidOperationException("connection.schema.json did not parse.");
        _templates = SchemaEmitter.TemplateFiles.Select(t => SchemaEmitter.LoadTemplate(t.Resource)).ToArray();
        var expected = SchemaEmitter.Render(_spec, CancellationToken.None).Files.Select(f => f.Text).ToArray();
        foreach (var (name, files) in new[] { ("shared-context", RenderSharedContext(false)), ("no-builtins", RenderSharedContext(true)) })
        {
            for (var i = 0; i < expected.Length; i++)
                if (!string.Equals(expected[i], files[i], StringComparison.Ordinal))
                    throw new InvalidOperationException($"The {name} variant writes another {SchemaEmitter.TemplateFiles[i].Suffix} file.");
        }
    }

    [Benchmark(Baseline = true)]
    public object ParseRenderAll() => SchemaEmitter.Render(SchemaParser.Parse("connection.schema.json", _schema, null, CancellationToken.None).Spec!, CancellationToken.None);

    [Benchmark]
    public object Parse() => SchemaParser.Parse("connection.schema.json", _schema, null, CancellationToken.None);

    [Benchmark]
    public object BuildView() => new SchemaView(_spec, "0.1.0.0");

    [Benchmark]
    public object Render() => SchemaEmitter.Render(_spec, CancellationToken.None);

    [Benchmark]
    public object RenderSharedContextVariant() => RenderSharedContext(noBuiltins: false);

    [Benchmark]
    public object RenderSharedContextNoBuiltinsVariant() => RenderSharedContext(noBuiltins: true);

    /// <summary>The proposed SchemaEmitter.Render: one view import and one TemplateContext for the four templates.</summary>
    private string[] RenderSharedContext(bool noBuiltins)
    {
        var view = new SchemaView(_spec, "0.1.0.0");
        var globals = new ScriptObject();
        globals.Import(view, renamer: StandardMemberRenamer.Default);
        var context = new TemplateContext(noBuiltins ? new ScriptObject() : TemplateContext.GetDefaultBuiltinObject())
        {
            MemberRenamer = StandardMemberRenamer.Default,
            StrictVariables = true,
            LoopLimit = int.MaxValue,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        var files = new string[_templates.Length];
        for (var i = 0; i < _templates.Length; i++)
            files[i] = _templates[i].Render(context).Replace("\r\n", "\n");
        return files;
    }
}
