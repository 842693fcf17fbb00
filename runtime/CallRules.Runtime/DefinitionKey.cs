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
    /// Orders sections so that a server taking the first match does the right thing: key values are compared
    /// left to right, each as a match pattern, most specific first: a value without a wildcard (<c>*</c>) before
    /// one with; then more literal characters first; then fewer wildcards first; then ordinal order.
    /// </summary>
    public int CompareTo(DefinitionKey? other)
    {
        if (other is null) return 1;
        var count = Math.Min(_values.Length, other._values.Length);
        for (var i = 0; i < count; i++)
        {
            var c = ComparePatterns(_values[i], other._values[i]);
            if (c != 0) return c;
        }
        return _values.Length.CompareTo(other._values.Length);
    }

    /// <summary>Compares two match patterns, most specific first (see <see cref="CompareTo"/>).</summary>
    public static int ComparePatterns(string a, string b)
    {
        var wildA = CountWildcards(a);
        var wildB = CountWildcards(b);
        if ((wildA == 0) != (wildB == 0)) return wildA == 0 ? -1 : 1;
        var literalA = a.Length - wildA;
        var literalB = b.Length - wildB;
        if (literalA != literalB) return literalB.CompareTo(literalA);
        if (wildA != wildB) return wildA.CompareTo(wildB);
        return string.CompareOrdinal(a, b);
    }

    private static int CountWildcards(string value)
    {
        var count = 0;
        foreach (var c in value)
            if (c == '*') count++;
        return count;
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
