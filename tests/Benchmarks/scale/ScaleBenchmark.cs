using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CallRules.Benchmarks.Data;
using CallRules.TestSupport;

namespace CallRules.Benchmarks.Scale;

/// <summary>What a process-level run measures and with what.</summary>
public sealed class ScaleOptions
{
    public int Definitions { get; set; } = 100_000;
    public int Files { get; set; } = 1_000;
    public int Runs { get; set; } = 5;
    public bool Native { get; set; } = true;
    public bool Jit { get; set; } = true;
    public JsonLayout Layout { get; set; } = JsonLayout.Minified;
    /// <summary>A folder to build and write data in, kept afterwards; by default a temporary folder, deleted at the end.</summary>
    public string? Work { get; set; }
    public string? FloorPath { get; set; }
    public string? NativePath { get; set; }
    public string? JitDll { get; set; }
    /// <summary>Where to write the table (Markdown) besides standard output.</summary>
    public string? Results { get; set; }
    /// <summary>The nice value the measured runs get (set after the builds); below 0 needs root.</summary>
    public int? Nice { get; set; }

    public const string Usage =
        "--scale [--definitions 100000] [--files 1000] [--runs 5] [--no-jit] [--no-native] [--indented]\n" +
        "        [--work <dir>] [--floor <callrules-io-floor>] [--native <callrules>] [--jit <callrules.dll>] [--results <file.md>] [--nice <n>]";

    /// <summary>Parses the options after the mode; null (with a message) on a usage error.</summary>
    public static ScaleOptions? Parse(string[] args, ScaleOptions defaults)
    {
        var o = defaults;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--definitions" when value is not null: o.Definitions = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--files" when value is not null: o.Files = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--runs" when value is not null: o.Runs = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--work" when value is not null: o.Work = value; i++; break;
                case "--floor" when value is not null: o.FloorPath = Path.GetFullPath(value); i++; break;
                case "--native" when value is not null: o.NativePath = Path.GetFullPath(value); i++; break;
                case "--jit" when value is not null: o.JitDll = Path.GetFullPath(value); i++; break;
                case "--results" when value is not null: o.Results = Path.GetFullPath(value); i++; break;
                case "--nice" when value is not null: o.Nice = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--no-jit": o.Jit = false; break;
                case "--no-native": o.Native = false; break;
                case "--indented": o.Layout = JsonLayout.Indented; break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}; usage: {Usage}");
                    return null;
            }
        }
        if (o.Runs < 1 || o.Definitions < 1 || o.Files < 1 || o.Definitions % o.Files != 0 || !(o.Native || o.Jit))
        {
            Console.Error.WriteLine($"Bad options (definitions must split evenly over files; at least one build); usage: {Usage}");
            return null;
        }
        return o;
    }
}

/// <summary>One measured command: which set, what it does, which build.</summary>
public sealed record Scenario(string Set, string Command, string Build, string Program, string[] Arguments, string? OutFolder)
{
    public bool IsFloor => Build == "floor";
    public string Name => $"{Set} {Command} ({Build})";
}

/// <summary>The measured runs of every scenario, and the ratios the issue's targets are stated in.</summary>
public sealed class ScaleReport
{
    public required IReadOnlyList<Scenario> Scenarios { get; init; }
    public required Dictionary<Scenario, List<RunCost>> Runs { get; init; }
    public required long OutputBytes { get; init; }
    public required long OneFileBytes { get; init; }
    public required long ManyBytes { get; init; }
    public required int Definitions { get; init; }
    public required int Files { get; init; }
    public required string LoadBefore { get; init; }
    public required string LoadAfter { get; init; }

    public Scenario Find(string set, string command, string build) =>
        Scenarios.First(s => s.Set == set && s.Command == command && s.Build == build);

    public bool Has(string set, string command, string build) =>
        Scenarios.Any(s => s.Set == set && s.Command == command && s.Build == build);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public double MedianWall(Scenario s) => Median(Runs[s].Select(r => r.WallSeconds));
    public double MedianCpuPerWall(Scenario s) => Median(Runs[s].Select(r => r.CpuPerWall));
    public double MedianCpu(Scenario s) => Median(Runs[s].Select(r => r.CpuSeconds));

    /// <summary>The floor a command is held against: the read floor for validate, the read + write floor for compile.</summary>
    public Scenario FloorOf(Scenario s) => Find(s.Set, s.Command == "compile" ? "read + write floor" : "read floor", "floor");

    /// <summary>Median wall time over the floor's median wall time (both from the same rounds).</summary>
    public double RatioToFloor(Scenario s) => MedianWall(s) / MedianWall(FloorOf(s));

    /// <summary>The ratio in each round (the command against the floor run just before it): how much the noise moved it.</summary>
    public (double Min, double Max) RoundRatios(Scenario s, Scenario baseline)
    {
        var a = Runs[s];
        var b = Runs[baseline];
        var ratios = a.Zip(b, (x, y) => x.WallSeconds / y.WallSeconds).ToArray();
        return (ratios.Min(), ratios.Max());
    }

    /// <summary>The JIT build's median wall time over the native build's, for one set and command.</summary>
    public double JitOverNative(string set, string command) => MedianWall(Find(set, command, "jit")) / MedianWall(Find(set, command, "native"));

    /// <summary>The results as a Markdown table, with the targets of issue 14 where they apply.</summary>
    public string ToMarkdown(int runs)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(string.Create(inv, $"{Definitions:N0} definitions: one file of {OneFileBytes / 1e6:F1} MB, and {Files:N0} files of {ManyBytes / 1e6:F1} MB in all; compile writes {OutputBytes / 1e6:F1} MB."));
        text.AppendLine(string.Create(inv, $"Load average before: {LoadBefore}; after: {LoadAfter}."));
        text.AppendLine();
        text.AppendLine($"| set | command | build | wall (median of {runs}) | CPU ÷ wall | peak RSS | ÷ floor | ÷ floor, per round | CPU ÷ floor's CPU | target |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in Scenarios)
        {
            var wall = MedianWall(s);
            var rss = Runs[s].Max(r => r.PeakRssBytes);
            var rssText = rss < 0 ? "n/a" : string.Create(inv, $"{rss / 1048576.0:F0} MB");
            string ratio = "1", perRound = "", cpuRatio = "", target = "";
            if (!s.IsFloor)
            {
                var floor = FloorOf(s);
                var (min, max) = RoundRatios(s, floor);
                ratio = string.Create(inv, $"**{RatioToFloor(s):F2}×**");
                perRound = string.Create(inv, $"{min:F2}–{max:F2}");
                cpuRatio = string.Create(inv, $"{MedianCpu(s) / MedianCpu(floor):F2}×");
                if (s.Build == "native")
                {
                    var bound = s.Command == "compile" ? 2.5 : 2.0;
                    target = string.Create(inv, $"≤ {bound}×: {(RatioToFloor(s) <= bound ? "met" : "not met")}");
                    if (s.Set == "one file")
                        target += string.Create(inv, $"; CPU ≥ 1.7× wall: {(MedianCpuPerWall(s) >= 1.7 ? "met" : "not met")}");
                }
            }
            text.AppendLine(string.Create(inv,
                $"| {s.Set} | {s.Command} | {s.Build} | {wall:F3} s | {MedianCpuPerWall(s):F2} | {rssText} | {ratio} | {perRound} | {cpuRatio} | {target} |"));
        }
        if (Scenarios.Any(s => s.Build == "jit") && Scenarios.Any(s => s.Build == "native"))
        {
            text.AppendLine();
            text.AppendLine($"| JIT ÷ native | wall (medians) | per round | target ≤ 1.3× |");
            text.AppendLine("|---|---:|---:|---|");
            foreach (var s in Scenarios.Where(s => s.Build == "jit"))
            {
                var native = Find(s.Set, s.Command, "native");
                var (min, max) = RoundRatios(s, native);
                var ratio = JitOverNative(s.Set, s.Command);
                text.AppendLine(string.Create(inv, $"| {s.Set} {s.Command} | **{ratio:F2}×** | {min:F2}–{max:F2} | {(ratio <= 1.3 ? "met" : "not met")} |"));
            }
        }
        return text.ToString();
    }
}

/// <summary>
/// <c>--scale</c>: the CLI as the operator runs it, a process, against native floor programs that read the same files
/// (and write as many bytes as compile writes), all in one run: it builds the floors and both CLI builds, writes the
/// data, runs every command <c>--runs</c> times in interleaved rounds (so load on the machine falls on all of them
/// alike), and prints the medians, CPU ÷ wall and the ratios. See docs/performance.md.
/// </summary>
public static class ScaleBenchmark
{
    public static int Run(string[] args)
    {
        var options = ScaleOptions.Parse(args, new ScaleOptions());
        if (options is null) return 2;
        var report = Measure(options);
        var table = report.ToMarkdown(options.Runs);
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.Results is not null) File.WriteAllText(options.Results, table);
        return 0;
    }

    /// <summary>Builds, writes the data, measures, and cleans up (unless the work folder was given).</summary>
    public static ScaleReport Measure(ScaleOptions options)
    {
        var repository = RepositoryRoot.Path;
        var keep = options.Work is not null;
        var work = keep ? Path.GetFullPath(options.Work!) : Directory.CreateTempSubdirectory("callrules-scale-").FullName;
        Directory.CreateDirectory(work);
        ConsoleCancelEventHandler onCancel = (_, _) => { if (!keep) TryDelete(work); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var programs = ScalePrograms.Build(repository, Path.Join(work, "bin"), options.FloorPath, options.NativePath, options.JitDll, options.Native, options.Jit);
            return Measure(options, programs, work);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (!keep) TryDelete(work);
        }
    }

    private static ScaleReport Measure(ScaleOptions options, ScalePrograms programs, string work)
    {
        var data = Path.Join(work, "data");
        var marker = Path.Join(data, string.Create(CultureInfo.InvariantCulture, $".complete-{options.Definitions}-{options.Files}-{options.Layout}"));
        if (!File.Exists(marker))
        {
            TryDelete(data);
            Console.Error.WriteLine($"writing {options.Definitions:N0} definitions ({options.Layout}) twice: one file, and {options.Files:N0} files ...");
            ScaleData.WriteSets(data, options.Definitions, options.Files, options.Layout);
            File.WriteAllText(marker, "");
        }
        var oneFile = ScaleData.OneFile(data);
        var many = ScaleData.ManyFolder(data);
        var oneBytes = new FileInfo(oneFile).Length;
        var manyBytes = Directory.EnumerateFiles(many).Sum(f => new FileInfo(f).Length);
        var outRoot = Path.Join(work, "out");

        // One unmeasured compile per set and build: it checks that every build compiles both sets to the same bytes,
        // tells the read + write floor how much to write, and warms the page cache.
        var builds = new List<(string Build, string Program, string[] Prefix)>();
        if (programs.Native is not null) builds.Add(("native", programs.Native, []));
        if (programs.JitDll is not null) builds.Add(("jit", "dotnet", [programs.JitDll]));
        string? reference = null;
        long outputBytes = 0;
        foreach (var (build, program, prefix) in builds)
        {
            foreach (var input in (string[])[oneFile, many])
            {
                var outFolder = Path.Join(outRoot, "check");
                TryDelete(outFolder);
                var cost = ChildProcess.Run(program, [.. prefix, "compile", input, "--out", outFolder], work);
                if (cost.ExitCode != 0) throw new InvalidOperationException($"{build} compile of {input} failed (exit {cost.ExitCode}):\n{Tail(cost.Output)}");
                var produced = Directory.GetFiles(outFolder).Single();
                var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(produced)));
                outputBytes = new FileInfo(produced).Length;
                reference ??= hash;
                if (hash != reference) throw new InvalidOperationException($"{build} compile of {input} wrote different call rules.");
            }
        }
        var floorRun = ChildProcess.Run(programs.Floor, ["read", oneFile], work);
        if (floorRun.ExitCode != 0) throw new InvalidOperationException($"The floor failed:\n{Tail(floorRun.Output)}");
        Console.Error.WriteLine($"floor: {floorRun.Output}");
        TryDelete(outRoot);

        var scenarios = new List<Scenario>();
        foreach (var (set, input) in (ReadOnlySpan<(string, string)>)[("one file", oneFile), ($"{options.Files:N0} files", many)])
        {
            var tag = set == "one file" ? "one" : "many";
            scenarios.Add(new Scenario(set, "read floor", "floor", programs.Floor, ["read", input], null));
            foreach (var (build, program, prefix) in builds)
                scenarios.Add(new Scenario(set, "validate", build, program, [.. prefix, "validate", input], null));
            var floorOut = Path.Join(outRoot, tag + "-floor");
            scenarios.Add(new Scenario(set, "read + write floor", "floor", programs.Floor,
                ["read-write", "--bytes", outputBytes.ToString(CultureInfo.InvariantCulture), "--out", floorOut, input], floorOut));
            foreach (var (build, program, prefix) in builds)
            {
                var outFolder = Path.Join(outRoot, $"{tag}-{build}");
                scenarios.Add(new Scenario(set, "compile", build, program, [.. prefix, "compile", input, "--out", outFolder], outFolder));
            }
        }

        if (options.Nice is int nice)
        {
            // Children inherit it. On a shared machine a negative value gives the runs roughly the CPU share a quiet
            // machine would, floors and CLI alike.
            if (setpriority(0, 0, nice) != 0)
                throw new InvalidOperationException($"setpriority({nice}) failed: errno {Marshal.GetLastPInvokeError()} (a negative value needs root).");
        }
        var loadBefore = LoadAverage();
        var runs = scenarios.ToDictionary(s => s, _ => new List<RunCost>());
        for (var round = 1; round <= options.Runs; round++)
        {
            foreach (var s in scenarios)
            {
                if (s.OutFolder is not null) TryDelete(s.OutFolder);
                var cost = ChildProcess.Run(s.Program, s.Arguments, work);
                if (cost.ExitCode != 0) throw new InvalidOperationException($"{s.Name} failed (exit {cost.ExitCode}):\n{Tail(cost.Output)}");
                runs[s].Add(cost);
                if (s.OutFolder is not null) TryDelete(s.OutFolder);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}/{options.Runs}: {s.Name,-40} {cost.WallSeconds,7:F3} s wall, {cost.CpuSeconds,7:F3} s CPU"));
            }
        }
        return new ScaleReport
        {
            Scenarios = scenarios,
            Runs = runs,
            OutputBytes = outputBytes,
            OneFileBytes = oneBytes,
            ManyBytes = manyBytes,
            Definitions = options.Definitions,
            Files = options.Files,
            LoadBefore = loadBefore,
            LoadAfter = LoadAverage(),
        };
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not delete {path}: {e.Message}");
        }
    }
}
