// One rule, two builds: compiled into the runtime (public) and the generator (internal), so a misspelt keyword in a
// schema and a misspelt field in a definition get the same suggestion. See ValueFormats.cs for what C# is allowed here.
using System;
using System.Collections.Generic;

#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Validation;
#endif

/// <summary>Finds the "did you mean" candidate for a misspelt name or value.</summary>
static partial class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="input"/>: an exact match ignoring case, else the one with the smallest
    /// edit distance, if that distance is small for the input's length (at most a third of it, and at least 1).
    /// Returns null when nothing is close.
    /// </summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, input, StringComparison.OrdinalIgnoreCase))
                return candidate;
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        var limit = Math.Max(1, Math.Max(input.Length, best?.Length ?? 0) / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        var rows = a.Length + 1;
        var cols = b.Length + 1;
        var d = new int[rows, cols];
        for (var i = 0; i < rows; i++) d[i, 0] = i;
        for (var j = 0; j < cols; j++) d[0, j] = j;
        for (var i = 1; i < rows; i++)
        {
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                d[i, j] = value;
            }
        }
        return d[a.Length, b.Length];
    }
}
