using System;
using System.Globalization;
using System.IO;

namespace CallRules.Benchmarks.Data;

/// <summary>
/// The inputs of the process-level runs (tests/Benchmarks/scale): the same definitions twice, as one file
/// (<c>one/connections.json</c>, a single array) and spread over many files (<c>many/connections-NNNN.json</c>).
/// Both come from one seeded generator, so they hold the same bytes per definition and compile to the same output.
/// <c>--write-data &lt;dir&gt; [--definitions 100000] [--files 1000] [--indented]</c> writes them for runs by hand
/// (profiling, start-up); the benchmark writes its own.
/// </summary>
public static class ScaleData
{
    /// <summary>The file of the one-file set, under the data folder.</summary>
    public static string OneFile(string root) => Path.Join(root, "one", "connections.json");

    /// <summary>The folder of the many-files set, under the data folder.</summary>
    public static string ManyFolder(string root) => Path.Join(root, "many");

    public static int Write(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: --write-data <dir> [--definitions 100000] [--files 1000] [--indented]");
            return 2;
        }
        int definitions = 100_000, files = 1000;
        var layout = JsonLayout.Minified;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--definitions" when i + 1 < args.Length: definitions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--files" when i + 1 < args.Length: files = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--indented": layout = JsonLayout.Indented; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
            }
        }
        var (one, many) = WriteSets(args[0], definitions, files, layout);
        Console.WriteLine($"{OneFile(args[0])}: {definitions} definitions, {one} bytes");
        Console.WriteLine($"{ManyFolder(args[0])}: {files} files, {many} bytes");
        return 0;
    }

    /// <summary>Writes both sets of <paramref name="definitions"/> under <paramref name="root"/>; returns their sizes in bytes.</summary>
    public static (long One, long Many) WriteSets(string root, int definitions, int files, JsonLayout layout)
    {
        if (files <= 0 || definitions % files != 0)
            throw new ArgumentException($"{definitions} definitions do not split evenly over {files} files.");
        var oneFile = OneFile(root);
        Directory.CreateDirectory(Path.GetDirectoryName(oneFile)!);
        long one;
        using (var stream = new FileStream(oneFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            new ConnectionDataGenerator(layout: layout).WriteArray(stream, definitions);
            one = stream.Length;
        }

        var many = ManyFolder(root);
        Directory.CreateDirectory(many);
        // One generator for all files: it draws the same random sequence as the single array, so file f holds
        // definitions f × perFile onwards, exactly as they are in the one-file set.
        var generator = new ConnectionDataGenerator(layout: layout);
        var perFile = definitions / files;
        long bytes = 0;
        for (var f = 0; f < files; f++)
        {
            using var stream = File.Create(Path.Join(many, $"connections-{f:D4}.json"));
            generator.WriteArray(stream, perFile, f * perFile);
            bytes += stream.Length;
        }
        return (one, bytes);
    }
}
