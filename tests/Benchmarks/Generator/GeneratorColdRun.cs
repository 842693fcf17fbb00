using System;
using System.Diagnostics;
using System.Globalization;

namespace CallRules.Benchmarks.Generator;

/// <summary>
/// <c>--generator-cold &lt;callrules|stj&gt; [runs]</c>: the first run of one generator in a fresh process, which is
/// what a command-line build pays when the compiler server is off (this machine sets UseSharedCompilation=false): JIT,
/// Scriban's template parsing, and the work itself. The compilation is created and bound first, so the time is the
/// generator's alone; later runs in the same process are printed for comparison.
/// </summary>
public static class GeneratorColdRun
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("callrules" or "stj"))
        {
            Console.Error.WriteLine("usage: --generator-cold <callrules|stj> [runs]");
            return 2;
        }
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var stj = args[0] == "stj";
        var compilation = stj ? GeneratorHarness.CreateCompilation(GeneratorHarness.StjSources()) : GeneratorHarness.CreateCompilation();
        compilation.GetDiagnostics();
        var driver = stj ? GeneratorHarness.CreateStjDriver() : GeneratorHarness.CreateCallRulesDriver(GeneratorHarness.ConnectionSchemaText());
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var ran = driver.RunGenerators(compilation);
            var elapsed = Stopwatch.GetElapsedTime(start);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{args[0]} run {i + 1}: {elapsed.TotalMilliseconds:F1} ms ({ran.GetRunResult().GeneratedTrees.Length} files)"));
        }
        return 0;
    }
}
