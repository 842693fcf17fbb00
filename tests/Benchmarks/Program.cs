using System.Linq;
using BenchmarkDotNet.Running;
using CallRules.Benchmarks.Check;
using CallRules.Benchmarks.Data;
using CallRules.Benchmarks.Scale;

namespace CallRules.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- [mode]</c>:
/// <list type="bullet">
/// <item><c>--check</c>: the CI regression check (allocations per definition, time ratio to the reader floor).</item>
/// <item><c>--check-cli</c>: the CI regression check of the native CLI as a process against its I/O floors.</item>
/// <item><c>--scale</c>: the CLI as a process, native and JIT, against native I/O floors (see tests/Benchmarks/scale).</item>
/// <item><c>--write-data &lt;dir&gt;</c>: the data sets of the process-level runs, for runs by hand.</item>
/// <item><c>--info</c>: what the benchmark data looks like (sizes, field coverage), after the equivalence check.</item>
/// <item><c>--generator-profile</c>: the generator's warm run against System.Text.Json's, split into its parts.</item>
/// <item><c>--generator-cold &lt;callrules|stj&gt;</c>: a generator's first run in a fresh process.</item>
/// <item>anything else: BenchmarkDotNet (<c>--filter '*'</c>, <c>--job short</c>, ...).</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0)
        {
            switch (args[0])
            {
                case "--check":
                    return RegressionCheck.Run(args.Skip(1).ToArray());
                case "--check-cli":
                    return ScaleCheck.Run(args.Skip(1).ToArray());
                case "--scale":
                    return ScaleBenchmark.Run(args.Skip(1).ToArray());
                case "--write-data":
                    return ScaleData.Write(args.Skip(1).ToArray());
                case "--info":
                    return DataInfo.Print();
                case "--generator-profile":
                    return Generator.GeneratorProfile.Run(args.Skip(1).ToArray());
                case "--generator-cold":
                    return Generator.GeneratorColdRun.Run(args.Skip(1).ToArray());
            }
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
