using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SharpFuzz;

namespace CallRules.Fuzz;

/// <summary>
/// The fuzzing host. <c>afl TARGET</c> runs a target under afl-fuzz (SharpFuzz's in-process fork server);
/// <c>libfuzzer TARGET</c> under a libFuzzer driver; <c>dictionary TARGET</c> prints an AFL dictionary of the
/// target's tokens; <c>replay TARGET PATH...</c> runs it over files and folders and
/// prints one line per input that breaks a property (exit code 1), as the regression tests and the CI smoke do.
/// </summary>
public static class Program
{
    /// <summary>Runs the command in <paramref name="args"/>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length < 2 || !FuzzTargets.All.TryGetValue(args[1], out var target))
        {
            Console.Error.WriteLine("usage: CallRules.Fuzz afl|libfuzzer|dictionary TARGET | replay TARGET PATH...  (targets: " +
                string.Join(", ", FuzzTargets.All.Keys) + ")");
            return 2;
        }
        switch (args[0])
        {
            case "afl":
                Fuzzer.Run(stream =>
                {
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    target(memory.ToArray());
                });
                return 0;
            case "libfuzzer":
                Fuzzer.LibFuzzer.Run(span => target(span.ToArray()));
                return 0;
            case "replay":
                return Replay(target, args.Skip(2).ToList());
            case "dictionary":
                foreach (var token in FuzzDictionary.For(args[1]))
                    Console.WriteLine(token);
                return 0;
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}'");
                return 2;
        }
    }

    private static int Replay(Action<byte[]> target, IReadOnlyList<string> paths)
    {
        var files = paths.SelectMany(path => Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.'))
                : [path])
            .Order(StringComparer.Ordinal)
            .ToList();
        var failures = 0;
        foreach (var file in files)
        {
            var failure = FuzzReplay.Run(target, File.ReadAllBytes(file));
            if (failure is null) continue;
            failures++;
            Console.WriteLine($"{file}: {failure}");
        }
        Console.WriteLine($"{files.Count} inputs replayed, {failures} failed");
        return failures == 0 ? 0 : 1;
    }
}

/// <summary>Runs a target over one input and says what went wrong, for tests and <c>replay</c>.</summary>
public static class FuzzReplay
{
    /// <summary>Null when every property holds; otherwise the exception's type and message on one line.</summary>
    public static string? Run(Action<byte[]> target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            target(input);
            return null;
        }
        catch (Exception e)
        {
            var where = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
            return $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")} {where}";
        }
    }
}
