using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using CallRules.Generator.Emitting;
using CallRules.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace CallRules.Benchmarks.Generator;

/// <summary>
/// <c>--generator-profile [--loop callrules|stj &lt;seconds&gt;]</c>: where CallRulesGenerator's warm run goes, against
/// System.Text.Json's, in one process: the two warm runs interleaved (median of the rounds' ratios), then the warm run
/// split into parsing, the view and each template's render, with the number of Scriban nodes each template evaluates
/// (the interpreter's work, exact and repeatable). With <c>--loop</c> it only repeats one generator's warm run for that
/// long, for a sampling profiler (<c>DOTNET_PerfMapEnabled=1 perf record -g</c>; see docs/performance.md).
/// </summary>
public static class GeneratorProfile
{
    private const int Rounds = 21;
    private const int RunsPerRound = 20;

    public static int Run(string[] args)
    {
        var schemaText = GeneratorHarness.ConnectionSchemaText();
        var callRulesCompilation = GeneratorHarness.CreateCompilation();
        var stjCompilation = GeneratorHarness.CreateCompilation(GeneratorHarness.StjSources());
        var callRules = GeneratorHarness.CreateCallRulesDriver(schemaText);
        var stj = GeneratorHarness.CreateStjDriver();
        GeneratorHarness.RunAndCheck(callRules, callRulesCompilation, expectedFiles: 4);
        GeneratorHarness.RunAndCheck(stj, stjCompilation, expectedFiles: 1);
        Action runCallRules = () => callRules.RunGenerators(callRulesCompilation);
        Action runStj = () => stj.RunGenerators(stjCompilation);

        if (args.Length == 3 && args[0] == "--loop")
        {
            var run = args[1] == "stj" ? runStj : runCallRules;
            for (var i = 0; i < 400; i++) run();
            Console.WriteLine("warmed up");
            var until = Stopwatch.GetTimestamp() + (long)(double.Parse(args[2], CultureInfo.InvariantCulture) * Stopwatch.Frequency);
            var count = 0;
            var start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() < until) { run(); count++; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{args[1]}: {count} warm runs, {Stopwatch.GetElapsedTime(start).TotalMilliseconds / count:F3} ms each"));
            return 0;
        }
        if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: --generator-profile [--loop callrules|stj <seconds>]");
            return 2;
        }

        // Warm up until tiered JIT has promoted both generators' hot code (the doc explains why this takes hundreds).
        for (var i = 0; i < 400; i++) { runStj(); runCallRules(); }

        var inv = CultureInfo.InvariantCulture;
        var stjMs = new double[Rounds];
        var callRulesMs = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            stjMs[r] = Time(runStj);
            callRulesMs[r] = Time(runCallRules);
        }
        // Load on a shared machine only adds time, so the fastest round is the steadiest figure; the median is shown too.
        var ratios = callRulesMs.Zip(stjMs, (a, b) => a / b).ToArray();
        Console.WriteLine(string.Create(inv, $"System.Text.Json warm run: fastest round {stjMs.Min():F3} ms, median {Median(stjMs):F3} ms ({Rounds} rounds of {RunsPerRound})"));
        Console.WriteLine(string.Create(inv, $"CallRules warm run:        fastest round {callRulesMs.Min():F3} ms, median {Median(callRulesMs):F3} ms"));
        Console.WriteLine(string.Create(inv, $"CallRules ÷ System.Text.Json: {callRulesMs.Min() / stjMs.Min():F2} (fastest rounds), {Median(ratios):F2} (median of the rounds' ratios, {ratios.Min():F2}–{ratios.Max():F2})"));

        // The warm run's parts: parsing the schema, the view, and each template rendered alone from a built view.
        var schema = SourceText.From(schemaText);
        var spec = SchemaParser.Parse("connection.schema.json", schema, null, CancellationToken.None).Spec!;
        var view = new SchemaView(spec, "0.1.0.0");
        var globals = new ScriptObject();
        ViewAccessor.For(typeof(SchemaView)).CopyTo(view, globals);
        var templates = SchemaEmitter.TemplateFiles.Select(t => SchemaEmitter.LoadTemplate(t.Resource)).ToArray();
        var context = new ViewTemplateContext();
        context.PushGlobal(globals);
        var counting = new CountingContext();
        counting.PushGlobal(globals);

        var parts = new (string Name, Action Run)[templates.Length + 3];
        parts[0] = ("parse the schema (SchemaParser.Parse)", () => SchemaParser.Parse("connection.schema.json", schema, null, CancellationToken.None));
        parts[1] = ("build the view (new SchemaView)", () => _ = new SchemaView(spec, "0.1.0.0"));
        for (var t = 0; t < templates.Length; t++)
        {
            var template = templates[t];
            parts[t + 2] = ($"render {SchemaEmitter.TemplateFiles[t].Resource}", () => template.Render(context));
        }
        parts[^1] = ("the rest of the warm run (driver, adding sources)", () => { });
        var partMs = new double[parts.Length - 1];
        for (var p = 0; p < parts.Length - 1; p++)
        {
            for (var i = 0; i < 200; i++) parts[p].Run();
            partMs[p] = Enumerable.Range(0, Rounds).Select(_ => Time(parts[p].Run)).Min();
        }
        var total = callRulesMs.Min();
        Console.WriteLine();
        Console.WriteLine("| part of CallRules' warm run (fastest round) | time | share of the warm run | Scriban nodes evaluated | output chars |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var p = 0; p < parts.Length; p++)
        {
            var ms = p < partMs.Length ? partMs[p] : total - partMs.Sum();
            string nodes = "", chars = "";
            if (p >= 2 && p < parts.Length - 1)
            {
                counting.Nodes = 0;
                var text = templates[p - 2].Render(counting);
                nodes = counting.Nodes.ToString("N0", inv);
                chars = text.Length.ToString("N0", inv);
            }
            Console.WriteLine(string.Create(inv, $"| {parts[p].Name} | {ms:F3} ms | {ms / total:P0} | {nodes} | {chars} |"));
        }
        var render = partMs.Skip(2).Sum();
        Console.WriteLine(string.Create(inv, $"Scriban rendering, four templates: {render:F3} ms, {render / total:P0} of the warm run; System.Text.Json's whole warm run: {stjMs.Min():F3} ms."));
        return 0;
    }

    private static double Time(Action run)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < RunsPerRound; i++) run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / RunsPerRound;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>The generator's render context (same settings), counting every node Scriban evaluates.</summary>
    private sealed class CountingContext : TemplateContext
    {
        public CountingContext() : base(SchemaEmitter.SharedFunctions)
        {
            StrictVariables = true;
            LoopLimit = int.MaxValue;
            NewLine = "\n";
            AutoIndent = false;
        }

        public long Nodes { get; set; }

        public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
        {
            Nodes++;
            return base.Evaluate(scriptNode, aliasReturnedFunction);
        }

        protected override IObjectAccessor? GetMemberAccessorImpl(object target) =>
            ViewAccessor.IsView(target) ? ViewAccessor.For(target.GetType()) : base.GetMemberAccessorImpl(target);
    }
}
