using System;

namespace CallRules.Runtime;

/// <summary>
/// The key of a definition: the values of its key fields. It names the call-rule section
/// (<c>[value1/value2]</c>) and orders sections: see <see cref="CompareTo"/>.
/// </summary>
public sealed class DefinitionKey : IEquatable<DefinitionKey>, IComparable<DefinitionKey>
{
    /// <summary>The character between key values in a section name.</summary>
    public const char Separator = '/';

    private readonly string[] _values;
    private string? _name;

    /// <summary>Creates a key; a missing value counts as empty.</summary>
    public DefinitionKey(params string?[] values)
    {
        _values = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
            _values[i] = values[i] ?? "";
    }

    /// <summary>The key values, in key order.</summary>
    public ReadOnlySpan<string> Values => _values;

    /// <summary>The section name: the values joined with <see cref="Separator"/>.</summary>
    public string SectionName => _name ??= string.Join(Separator, _values);

    /// <summary>
    /// Orders sections so that a server taking the first match does the right thing (docs/call-rules.md, "Sections,
    /// rules and their order"). The last key value is the pattern a server matches calls against, so it decides first,
    /// across every other key value; the others (for a connection, its domain) only break ties, left to right. Each
    /// value is compared as a match pattern (<see cref="ComparePatterns"/>); keys that are still equal, which differ only
    /// in the case of ASCII letters, are then put in code-point order of their exact values, so the order is total.
    /// </summary>
    public int CompareTo(DefinitionKey? other)
    {
        if (other is null) return 1;
        return Compare(_values, other._values);
    }

    /// <summary>The order of <see cref="CompareTo"/>, over two keys' values.</summary>
    internal static int Compare(ReadOnlySpan<string> a, ReadOnlySpan<string> b)
    {
        if (a.Length > 0 && b.Length > 0)
        {
            var c = PatternRank(a[^1]).CompareTo(PatternRank(b[^1]));
            if (c != 0) return c;
        }
        return CompareAfterLastRank(a, b);
    }

    /// <summary>
    /// The order of <see cref="CompareTo"/> for two keys whose last values have the same <see cref="PatternRank"/>:
    /// the rest of it, so a caller that keeps each key's rank (the pipeline sorting a million keys) does not count
    /// the last values again for every comparison.
    /// </summary>
    internal static int CompareAfterLastRank(ReadOnlySpan<string> a, ReadOnlySpan<string> b)
    {
        var count = Math.Min(a.Length, b.Length);
        if (count > 0)
        {
            var c = CompareCodePoints(a[^1], b[^1], foldAscii: true);
            if (c != 0) return c;
            for (var i = 0; i < count - 1; i++)
            {
                c = ComparePatterns(a[i], b[i]);
                if (c != 0) return c;
            }
            c = CompareCodePoints(a[^1], b[^1], foldAscii: false);
            if (c != 0) return c;
            for (var i = 0; i < count - 1; i++)
            {
                c = CompareCodePoints(a[i], b[i], foldAscii: false);
                if (c != 0) return c;
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <summary>
    /// Compares two match patterns, most specific first: a value without a wildcard (<c>*</c>) before one with; then
    /// more literal characters (Unicode scalar values) first; then fewer wildcards first; then the values with ASCII
    /// letters folded to lower case, in code-point order. Zero means the two patterns match exactly the same text
    /// (they differ at most in the case of ASCII letters): only one of them can ever be chosen.
    /// </summary>
    public static int ComparePatterns(string a, string b)
    {
        var c = PatternRank(a).CompareTo(PatternRank(b));
        return c != 0 ? c : CompareCodePoints(a, b, foldAscii: true);
    }

    /// <summary>
    /// The counting part of <see cref="ComparePatterns"/> as one number, smaller first: whether the value has a
    /// wildcard (bit 62), then its literal characters, most first (bits 31 to 61), then its wildcards, fewest first
    /// (bits 0 to 30). Two patterns with different ranks compare as their ranks; equal ranks compare by their letters.
    /// </summary>
    internal static long PatternRank(string value)
    {
        var wildcards = 0;
        var lowSurrogates = 0;
        foreach (var c in value)
        {
            if (c == '*') wildcards++;
            else if (char.IsLowSurrogate(c)) lowSurrogates++;
        }
        long literal = value.Length - lowSurrogates - wildcards;
        return (wildcards > 0 ? 1L << 62 : 0) | ((int.MaxValue - literal) << 31) | (long)wildcards;
    }

    /// <summary>
    /// Code-point (UTF-8 byte) order, which differs from <see cref="string.CompareOrdinal(string, string)"/> where a
    /// surrogate pair meets a character from U+E000 up; with <paramref name="foldAscii"/>, ASCII letters compare as
    /// their lower case. The same order as Python's string comparison, which the SIP server uses.
    /// </summary>
    private static int CompareCodePoints(string a, string b, bool foldAscii)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            int x = a[i], y = b[i];
            if (x == y) continue;
            if (foldAscii)
            {
                if (x is >= 'A' and <= 'Z') x += 'a' - 'A';
                if (y is >= 'A' and <= 'Z') y += 'a' - 'A';
                if (x == y) continue;
            }
            // A surrogate (a scalar above U+FFFF) sorts after every other UTF-16 unit.
            if (char.IsSurrogate((char)x) != char.IsSurrogate((char)y)) return char.IsSurrogate((char)x) ? 1 : -1;
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <inheritdoc/>
    public bool Equals(DefinitionKey? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DefinitionKey);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values) hash.Add(value, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => SectionName;
}
