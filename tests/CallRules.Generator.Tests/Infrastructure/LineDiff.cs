using System;
using System.Collections.Generic;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>The lines removed from and added to a text, by longest common subsequence, as a reviewer's diff shows them.</summary>
internal sealed record LineDiff(IReadOnlyList<string> Removed, IReadOnlyList<string> Added)
{
    public static LineDiff Between(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        // lengths[i, j]: the longest common subsequence of a[i..] and b[j..].
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);

        var removed = new List<string>();
        var added = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { x++; y++; }
            else if (lengths[x + 1, y] >= lengths[x, y + 1]) removed.Add(a[x++]);
            else added.Add(b[y++]);
        }
        while (x < a.Length) removed.Add(a[x++]);
        while (y < b.Length) added.Add(b[y++]);
        return new LineDiff(removed, added);
    }
}
