using System;
using System.Globalization;
using System.IO;

namespace CallRules.Benchmarks.Data;

/// <summary>
/// <c>--write-data &lt;dir&gt; [--files 1000] [--per-file 100] [--big 1000000]</c>: writes the CLI-at-scale inputs,
/// <c>&lt;dir&gt;/many/connections-NNNN.json</c> (files × per-file definitions) and <c>&lt;dir&gt;/big/connections.json</c>
/// (one array of --big definitions, streamed to disk), with keys unique across both sets.
/// </summary>
public static class ScaleData
{
    public static int Write(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: --write-data <dir> [--files 1000] [--per-file 100] [--big 1000000] [--minified]");
            return 2;
        }
        var root = args[0];
        int files = 1000, perFile = 100, big = 1_000_000;
        var layout = JsonLayout.Indented;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--files": files = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--per-file": perFile = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--big": big = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--minified": layout = JsonLayout.Minified; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
            }
        }

        var many = Path.Combine(root, "many");
        Directory.CreateDirectory(many);
        var generator = new ConnectionDataGenerator(layout: layout);
        long bytes = 0;
        for (var f = 0; f < files; f++)
        {
            var path = Path.Combine(many, $"connections-{f:D4}.json");
            using var stream = File.Create(path);
            generator.WriteArray(stream, perFile, f * perFile);
            bytes += stream.Length;
        }
        Console.WriteLine($"{many}: {files} files, {(long)files * perFile} definitions, {bytes} bytes");

        if (big > 0)
        {
            var bigFolder = Path.Combine(root, "big");
            Directory.CreateDirectory(bigFolder);
            var path = Path.Combine(bigFolder, "connections.json");
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            // Keys continue after the many-files set, so the two sets could be compiled together.
            new ConnectionDataGenerator(seed: ConnectionDataGenerator.DefaultSeed + 1, layout: layout).WriteArray(stream, big, files * perFile);
            Console.WriteLine($"{path}: {big} definitions, {stream.Length} bytes");
        }
        return 0;
    }
}
