using System;
using System.Collections.Generic;
using System.Linq;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// Duplicate keys (CR2001) and shadowed keys (CR2002) are found without putting the run in order: they must be the
/// diagnostics the passes over the whole run in section order give, whichever worker read what.
/// </summary>
public class KeyCheckTests
{
    [Theory]
    [InlineData(1, 10, false)]
    [InlineData(2, 500, false)]
    [InlineData(3, 20_000, false)]
    [InlineData(4, 20_000, true)]
    [InlineData(5, 60_000, true)]
    public void Checking_keys_in_groups_gives_what_the_passes_over_the_sorted_run_give(int seed, int count, bool parallel)
    {
        var random = new Random(seed);
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        // Case variants of ASCII letters (the same pattern), of other letters (different patterns that a
        // case-insensitive hash puts together), wildcards, surrogate pairs, and empty values (an incomplete key).
        string[] domains = ["a.example", "A.example", "b.example", "\u00e9.example", "\u00c9.example", ""];
        string[] patterns = ["sip*@10.0.0.*", "SIP*@10.0.0.*", "*", "1*", "a", "A", "\u00e9", "\u00c9", "\U0001F600*", "x\u0131", "xI", "sip*@Trunk", "SIP*@TRUNK", ""];
        var records = new DefinitionRecord[count];
        for (var i = 0; i < count; i++)
        {
            var pattern = patterns[random.Next(patterns.Length)] + (random.Next(2) == 0 ? random.Next(count / 4 + 1).ToString() : "");
            var key = CompactKey.From(new DefinitionKey(domains[random.Next(domains.Length)], pattern), pool, 4096, out var complete);
            // Records come from the workers in no particular order; each (file, index) is one definition.
            var file = random.Next(4);
            records[i] = new DefinitionRecord(key, file, i, i + 1, 1 + file, 0, complete, 0, 0);
        }
        var inputs = Enumerable.Range(0, 4).Select(f => File($"f{f}.json", "[]")).ToArray();

        var grouped = new List<LocatedError>();
        DefinitionCompiler<TestTrunk>.CheckKeys(records, grouped, inputs, parallel);

        var sorted = records.ToArray();
        Array.Sort(sorted, DefinitionRecord.Compare);
        var expected = new List<LocatedError>();
        DefinitionCompiler<TestTrunk>.AddDuplicateKeyErrors(sorted, expected, inputs);
        DefinitionCompiler<TestTrunk>.AddShadowedKeyWarnings(sorted, expected, inputs);

        grouped.Sort(LocatedError.Compare);
        expected.Sort(LocatedError.Compare);
        if (count >= 500)
        {
            Assert.Contains(expected, e => e.Error.Code == ErrorCodes.DuplicateKey);
            Assert.Contains(expected, e => e.Error.Code == ErrorCodes.ShadowedKey);
        }
        Assert.Equal(expected, grouped);
    }

    [Fact]
    public void Duplicate_and_shadowed_keys_across_workers_and_small_batches_are_reported_as_with_one_worker()
    {
        // 30 files of 120 definitions; keys repeat within and across files, exactly and in ASCII case only.
        var files = Enumerable.Range(0, 30)
            .Select(f => File($"f{f:D2}.json", "[" + string.Join(",\n", Enumerable.Range(0, 120).Select(j =>
            {
                var n = (f * 120 + j) * 7919 % 900;
                var pattern = n % 3 == 0 ? $"SIP*@192.0.2.{n % 97}" : $"sip*@192.0.2.{n % 97}";
                return Trunk("z" + n % 4, pattern);
            })) + "]"))
            .ToArray();
        var one = Compile(new CompileOptions { Parallelism = 1 }, files);
        Assert.Contains(one.Errors, e => e.Code == ErrorCodes.DuplicateKey);
        Assert.Contains(one.Warnings, e => e.Code == ErrorCodes.ShadowedKey);
        foreach (var options in new[]
        {
            new CompileOptions { Parallelism = 2, InlineBelowBytes = 0 },
            new CompileOptions { Parallelism = 2, InlineBelowBytes = 0, BatchBytes = 256 },
            new CompileOptions { Parallelism = 3, InlineBelowBytes = 0, BatchBytes = 1024 },
            new CompileOptions { Parallelism = 2, InlineBelowBytes = 0, BatchBytes = 256, FastSplit = false },
        })
        {
            var many = Compile(options, files);
            Assert.Equal(Lines(one), Lines(many));
            var validated = new DefinitionCompiler<TestTrunk>(options).Validate(files);
            Assert.Equal(Lines(one), Lines(validated));
        }
    }

    [Fact]
    public void Shadowed_keys_alone_compile_to_the_same_bytes_with_any_workers_batches_and_spill_limits()
    {
        var json = "[" + string.Join(",\n", Enumerable.Range(0, 3000).Select(i =>
            Trunk("d" + i % 9, (i % 5 == 0 ? "SIP*@" : "sip*@") + $"198.51.100.{i % 1200}", ", \"note\": \"" + new string('n', i % 200) + "\""))) + "]";
        var one = Compile(new CompileOptions { Parallelism = 1 }, File("a.json", json));
        Assert.Contains(one.Warnings, e => e.Code == ErrorCodes.ShadowedKey);
        var expected = Text(one);
        foreach (var options in new[]
        {
            new CompileOptions { Parallelism = 2, InlineBelowBytes = 0 },
            new CompileOptions { Parallelism = 2, InlineBelowBytes = 0, BatchBytes = 512, SpillMemoryLimit = 4096 },
            new CompileOptions { Parallelism = 3, InlineBelowBytes = 0, BatchBytes = 2048, SpillMemoryLimit = 4096, SpillMapLimit = 0 },
            new CompileOptions { Parallelism = 4, InlineBelowBytes = 0, SpillMemoryLimit = 0, SpillMapLimit = 64 * 1024 },
        })
        {
            var many = Compile(options, File("a.json", json));
            Assert.Equal(Lines(one), Lines(many));
            Assert.Equal(expected, Text(many));
        }
    }

    private static string[] Lines(CompileResult result) => result.Diagnostics.Select(e => e.ToString()).ToArray();
}
