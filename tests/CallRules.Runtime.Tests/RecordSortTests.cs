using System;
using System.Collections.Generic;
using System.Linq;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;

namespace CallRules.Runtime.Tests;

/// <summary>The run's records sorted on two threads (each half, then a merge) come out as one sort puts them.</summary>
public class RecordSortTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(50_001)]
    public void Sorting_in_halves_and_merging_gives_the_order_of_one_sort(int count)
    {
        var random = new Random(count);
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] domains = ["a.example", "B.example", "~", "*", "z\u00fcrich.example", "\U0001F600.example"];
        string[] patterns = ["sip*@10.0.0.*", "*", "1*", "a", "A", "sip*@10.0.0.1", "\uE000x", "\U0001F600*", ""];
        var records = new DefinitionRecord[count];
        for (var i = 0; i < count; i++)
        {
            var pattern = patterns[random.Next(patterns.Length)] + (random.Next(3) == 0 ? random.Next(50).ToString() : "");
            var key = CompactKey.From(new DefinitionKey(domains[random.Next(domains.Length)], pattern), pool, 4096, out var complete);
            // Some keys repeat across files, as duplicates do: file and index break the tie.
            records[i] = new DefinitionRecord(key, random.Next(5), i, 1, 1, 0, complete, 0, 0);
        }
        var expected = records.ToArray();
        Array.Sort(expected, DefinitionRecord.Compare);
        DefinitionCompiler<TestTrunk>.Sort(records, parallel: true);
        Assert.Equal(expected.Select(r => (r.File, r.Index)), records.Select(r => (r.File, r.Index)));
    }
}
