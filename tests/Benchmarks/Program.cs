using System.Linq;
using BenchmarkDotNet.Running;
using CallRules.Benchmarks.Check;
using CallRules.Benchmarks.Data;

namespace CallRules.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- [mode]</c>:
/// <list type="bullet">
/// <item><c>--check</c>: the CI regression check (allocations per definition, time ratio to the reader floor).</item>
/// <item><c>--write-data &lt;dir&gt;</c>: the data sets for the CLI-at-scale runs (see tests/Benchmarks/scale).</item>
/// <item><c>--info</c>: what the benchmark data looks like (sizes, field coverage), after the equivalence check.</item>
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
                case "--write-data":
                    return ScaleData.Write(args.Skip(1).ToArray());
                case "--info":
                    return DataInfo.Print();
                case "--generator-cold":
                    return Generator.GeneratorColdRun.Run(args.Skip(1).ToArray());
            }
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
