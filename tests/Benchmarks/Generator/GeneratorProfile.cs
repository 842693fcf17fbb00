using System;
using System.Collections.Generic;
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
/// <c>--generator-profile [--loop callrules|stj &lt;seconds&gt; | --lines]</c>: where CallRulesGenerator's warm run goes,
/// against System.Text.Json's, in one process: the size of each generator's output, the two warm runs interleaved
/// (wall time and the process's CPU time, fastest rounds and median of the rounds' ratios, with the load average), then
/// the warm run split into parsing, the view and each template's render, with the bytes each allocates and the number of
/// Scriban nodes each template evaluates (the interpreter's work, exact and repeatable). With <c>--loop</c> it only
/// repeats one generator's warm run for that long, for a sampling profiler (<c>DOTNET_PerfMapEnabled=1
/// DOTNET_EnableWriteXorExecute=0 perf record -g</c>; see docs/performance.md), and prints what each run JIT-compiles,
/// allocates and collects. <c>--lines</c> prints the nodes each template line evaluates, most first.
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
        var callRulesOutput = OutputSize(GeneratorHarness.RunAndCheck(callRules, callRulesCompilation, expectedFiles: 4));
        var stjOutput = OutputSize(GeneratorHarness.RunAndCheck(stj, stjCompilation, expectedFiles: 1));
        Action runCallRules = () => callRules.RunGenerators(callRulesCompilation);
        Action runStj = () => stj.RunGenerators(stjCompilation);

        if (args.Length == 3 && args[0] == "--loop")
        {
            var run = args[1] == "stj" ? runStj : runCallRules;
            for (var i = 0; i < 400; i++) run();
            Console.WriteLine("warmed up");
            var until = Stopwatch.GetTimestamp() + (long)(double.Parse(args[2], CultureInfo.InvariantCulture) * Stopwatch.Frequency);
            var count = 0;
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            var gcs = GC.CollectionCount(0);
            var gen2 = GC.CollectionCount(2);
            var allocated = GC.GetTotalAllocatedBytes();
            var start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() < until) { run(); count++; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{args[1]}: {count} warm runs, {Stopwatch.GetElapsedTime(start).TotalMilliseconds / count:F3} ms each; per run: {(double)(System.Runtime.JitInfo.GetCompiledMethodCount() - jitted) / count:F2} methods JIT-compiled, {(GC.GetTotalAllocatedBytes() - allocated) / count / 1024.0:F0} KB allocated; {GC.CollectionCount(0) - gcs} collections ({GC.CollectionCount(2) - gen2} of generation 2)"));
            return 0;
        }
        if (args.Length == 1 && args[0] == "--lines")
            return PrintNodesByLine();
        if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: --generator-profile [--loop callrules|stj <seconds> | --lines]");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Output: CallRules {callRulesOutput.Files} files, {callRulesOutput.Chars:N0} characters; System.Text.Json {stjOutput.Files} files, {stjOutput.Chars:N0} characters"));

        // Warm up until tiered JIT has promoted both generators' hot code (the doc explains why this takes hundreds).
        for (var i = 0; i < 400; i++) { runStj(); runCallRules(); }

        var inv = CultureInfo.InvariantCulture;
        var stjMs = new double[Rounds];
        var callRulesMs = new double[Rounds];
        var stjCpuMs = new double[Rounds];
        var callRulesCpuMs = new double[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            (stjMs[r], stjCpuMs[r]) = TimeWithCpu(runStj);
            (callRulesMs[r], callRulesCpuMs[r]) = TimeWithCpu(runCallRules);
        }
        // Load on a shared machine only adds time, so the fastest round is the steadiest figure; the median is shown too.
        var ratios = callRulesMs.Zip(stjMs, (a, b) => a / b).ToArray();
        Console.WriteLine(string.Create(inv, $"System.Text.Json warm run: fastest round {stjMs.Min():F3} ms, median {Median(stjMs):F3} ms ({Rounds} rounds of {RunsPerRound})"));
        Console.WriteLine(string.Create(inv, $"CallRules warm run:        fastest round {callRulesMs.Min():F3} ms, median {Median(callRulesMs):F3} ms"));
        Console.WriteLine(string.Create(inv, $"CallRules ÷ System.Text.Json: {callRulesMs.Min() / stjMs.Min():F2} (fastest rounds), {Median(ratios):F2} (median of the rounds' ratios, {ratios.Min():F2}–{ratios.Max():F2})"));
        // CPU time of the whole process (the garbage collector's and the JIT's threads too): on a loaded machine it leaves
        // out the time spent waiting for a core, which wall time does not.
        var cpuRatios = callRulesCpuMs.Zip(stjCpuMs, (a, b) => a / b).ToArray();
        Console.WriteLine(string.Create(inv, $"CPU time: System.Text.Json {stjCpuMs.Min():F3} ms (fastest), {Median(stjCpuMs):F3} (median); CallRules {callRulesCpuMs.Min():F3} ms, {Median(callRulesCpuMs):F3}; ratio {callRulesCpuMs.Min() / stjCpuMs.Min():F2} (fastest rounds), {Median(cpuRatios):F2} (median of the rounds' ratios, {cpuRatios.Min():F2}–{cpuRatios.Max():F2}); load average {LoadAverage()}"));

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
        var partBytes = new long[parts.Length];
        for (var p = 0; p < parts.Length - 1; p++)
        {
            for (var i = 0; i < 200; i++) parts[p].Run();
            partMs[p] = Enumerable.Range(0, Rounds).Select(_ => Time(parts[p].Run)).Min();
            var before = GC.GetAllocatedBytesForCurrentThread();
            parts[p].Run();
            partBytes[p] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            runCallRules();
            partBytes[^1] = GC.GetAllocatedBytesForCurrentThread() - before - partBytes.Sum();
        }
        var total = callRulesMs.Min();
        Console.WriteLine();
        Console.WriteLine("| part of CallRules' warm run (fastest round) | time | share of the warm run | allocated | Scriban nodes evaluated | output chars |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
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
            Console.WriteLine(string.Create(inv, $"| {parts[p].Name} | {ms:F3} ms | {ms / total:P0} | {partBytes[p] / 1024.0:F0} KB | {nodes} | {chars} |"));
        }
        var render = partMs.Skip(2).Sum();
        Console.WriteLine(string.Create(inv, $"Scriban rendering, four templates: {render:F3} ms, {render / total:P0} of the warm run; System.Text.Json's whole warm run: {stjMs.Min():F3} ms."));
        return 0;
    }

    /// <summary>
    /// <c>--lines</c>: the Scriban nodes each template line evaluates in one render of the connection schema (a function's
    /// nodes count at its own lines, in the template that defines it), most first: where fewer statements would pay.
    /// </summary>
    private static int PrintNodesByLine()
    {
        var spec = SchemaParser.Parse("connection.schema.json", SourceText.From(GeneratorHarness.ConnectionSchemaText()), null, CancellationToken.None).Spec!;
        var globals = new ScriptObject();
        ViewAccessor.For(typeof(SchemaView)).CopyTo(new SchemaView(spec, "0.1.0.0"), globals);
        var counting = new CountingContext { ByLine = new Dictionary<(string, int), long>() };
        counting.PushGlobal(globals);
        foreach (var (resource, _) in SchemaEmitter.TemplateFiles)
            SchemaEmitter.LoadTemplate(resource).Render(counting);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{counting.Nodes:N0} nodes in all"));
        Console.WriteLine("| template:line | nodes | text |");
        Console.WriteLine("|---|---:|---|");
        var texts = SchemaEmitter.TemplateFiles.Select(t => t.Resource).Append(SchemaEmitter.SharedTemplate)
            .ToDictionary(r => r, r => SchemaEmitter.ReadResource(r).Replace("\r\n", "\n").Split('\n'));
        foreach (var ((file, line), nodes) in counting.ByLine.OrderByDescending(x => x.Value).Take(60))
        {
            var text = texts.TryGetValue(file, out var lines) && line < lines.Length ? lines[line].Trim() : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {file}:{line + 1} | {nodes:N0} | `{(text.Length > 90 ? text[..90] + "…" : text)}` |"));
        }
        return 0;
    }

    private static (int Files, long Chars) OutputSize(GeneratorDriver driver)
    {
        var sources = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToArray();
        return (sources.Length, sources.Sum(s => (long)s.SourceText.Length));
    }

    private static double Time(Action run)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < RunsPerRound; i++) run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / RunsPerRound;
    }

    /// <summary>Wall time and the process's CPU time of one run of <paramref name="run"/>, in milliseconds, as means over a round.</summary>
    private static (double Wall, double Cpu) TimeWithCpu(Action run)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var wall = Time(run);
        return (wall, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / RunsPerRound);
    }

    private static string LoadAverage()
    {
        try
        {
            return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (System.IO.IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
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

        /// <summary>When set, the nodes evaluated at each template line (file, zero-based line).</summary>
        public Dictionary<(string, int), long>? ByLine { get; init; }

        public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
        {
            Nodes++;
            if (ByLine is not null && scriptNode is not null)
            {
                var key = (scriptNode.Span.FileName ?? "?", scriptNode.Span.Start.Line);
                ByLine[key] = ByLine.GetValueOrDefault(key) + 1;
            }
            return base.Evaluate(scriptNode, aliasReturnedFunction);
        }

        protected override IObjectAccessor? GetMemberAccessorImpl(object target) =>
            ViewAccessor.IsView(target) ? ViewAccessor.For(target.GetType()) : base.GetMemberAccessorImpl(target);
    }
}
