using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using CallRules.Benchmarks.Data;
using CallRules.Benchmarks.Throughput;

namespace CallRules.Benchmarks.Check;

/// <summary>
/// A regression check cheap enough for every CI run (a second or two): on <see cref="DefaultCount"/> definitions it
/// measures the bytes the generated path allocates per definition (exact and deterministic:
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>) and the ratio of its time to the reader floor (the median of
/// interleaved repetitions, so a noisy machine slows both sides alike). It fails when either passes its bound.
/// </summary>
/// <remarks>
/// The bounds are committed here. <see cref="MaxBytesPerDefinition"/> sits a little above today's figure, so a new
/// allocation per field on the hot path fails the check (lower it when the path gets leaner, in the same commit);
/// <see cref="MaxTimeRatio"/> is about three times today's ratio, so only a real slowdown fails it, not a noisy
/// neighbour. Allocation is the sharp test; the time ratio catches what allocates nothing, such as a lost fast path.
/// </remarks>
public static class RegressionCheck
{
    /// <summary>The number of definitions measured.</summary>
    public const int DefaultCount = 2_000;

    /// <summary>
    /// 919 bytes measured on 2026-12-02 with positions kept as offsets and one definition instance read into again (as
    /// the pipeline's workers do), plus 3%. Fails above this.
    /// </summary>
    public const double MaxBytesPerDefinition = 950;

    /// <summary>3.44 to 3.45 measured on 2026-11-26 with the one-request-per-rule writer, times three. Fails above this.</summary>
    public const double MaxTimeRatio = 10.5;

    private const int Repetitions = 15;
    private const int RunsPerRepetition = 5;

    public static int Run(string[] args)
    {
        var count = DefaultCount;
        var maxBytes = MaxBytesPerDefinition;
        var maxRatio = MaxTimeRatio;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--max-bytes": maxBytes = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--max-ratio": maxRatio = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}; usage: --check [--count N] [--max-bytes B] [--max-ratio R]");
                    return 2;
            }
        }

        var json = new ConnectionDataGenerator().CreateArray(count);
        EquivalenceCheck.Run(json, count);
        var output = new ArrayBufferWriter<byte>(json.Length);
        var callRules = new CallRulesDirectCompiler(output);

        // Warm up until both paths run tier-1 code.
        for (var i = 0; i < 40; i++)
        {
            ReaderFloor.ReadAll(json);
            callRules.Compile(json);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        callRules.Compile(json);
        var bytesPerDefinition = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / count;

        var ratios = new double[Repetitions];
        var floorTicks = new double[Repetitions];
        var callRulesTicks = new double[Repetitions];
        for (var r = 0; r < Repetitions; r++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < RunsPerRepetition; i++) ReaderFloor.ReadAll(json);
            floorTicks[r] = Stopwatch.GetTimestamp() - start;
            start = Stopwatch.GetTimestamp();
            for (var i = 0; i < RunsPerRepetition; i++) callRules.Compile(json);
            callRulesTicks[r] = Stopwatch.GetTimestamp() - start;
            ratios[r] = callRulesTicks[r] / floorTicks[r];
        }
        var ratio = Median(ratios);
        var nsPerDefinition = Median(callRulesTicks) * 1e9 / Stopwatch.Frequency / RunsPerRepetition / count;
        var floorNs = Median(floorTicks) * 1e9 / Stopwatch.Frequency / RunsPerRepetition / count;

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"definitions: {count}, {json.Length / (double)count:F0} bytes of JSON each"));
        Console.WriteLine(string.Create(inv, $"CallRules allocated bytes/definition: {bytesPerDefinition:F0} (bound {maxBytes:F0})"));
        Console.WriteLine(string.Create(inv, $"CallRules time/definition: {nsPerDefinition:F0} ns; floor {floorNs:F0} ns"));
        Console.WriteLine(string.Create(inv, $"CallRules/Floor time ratio (median of {Repetitions}): {ratio:F2} (bound {maxRatio:F2})"));

        var failed = false;
        if (bytesPerDefinition > maxBytes)
        {
            Console.Error.WriteLine(string.Create(inv, $"FAIL: allocations per definition {bytesPerDefinition:F0} > {maxBytes:F0}."));
            failed = true;
        }
        if (ratio > maxRatio)
        {
            Console.Error.WriteLine(string.Create(inv, $"FAIL: time ratio to the floor {ratio:F2} > {maxRatio:F2}."));
            failed = true;
        }
        Console.WriteLine(failed ? "performance check: FAILED" : "performance check: passed");
        return failed ? 1 : 0;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
