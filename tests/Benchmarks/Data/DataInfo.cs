using System;
using System.Buffers;
using System.Linq;
using System.Text;
using CallRules.Benchmarks.Throughput;

namespace CallRules.Benchmarks.Data;

/// <summary><c>--info</c>: the size of the benchmark data, how often each field is set, and one compiled section.</summary>
public static class DataInfo
{
    public static int Print()
    {
        const int count = CompileThroughputBenchmarks.Count;
        var json = new ConnectionDataGenerator().CreateArray(count);
        EquivalenceCheck.Run(json, count);
        var minified = new ConnectionDataGenerator(layout: JsonLayout.Minified).CreateArray(count);
        Console.WriteLine($"{count} definitions: {json.Length} bytes indented ({json.Length / count} each), {minified.Length} minified ({minified.Length / count} each)");
        var seen = EquivalenceCheck.CountProperties(json, out _);
        foreach (var (name, n) in seen.OrderByDescending(p => p.Value))
            Console.WriteLine($"  {n,6}  {name}");
        Console.WriteLine($"{seen.Count} fields set in the data.");
        var output = new ArrayBufferWriter<byte>();
        new CallRulesDirectCompiler(output).Compile(new ConnectionDataGenerator().CreateArray(3));
        Console.WriteLine($"Call rules of the first three ({output.WrittenCount} bytes):");
        Console.WriteLine(Encoding.UTF8.GetString(output.WrittenSpan));
        return 0;
    }
}
