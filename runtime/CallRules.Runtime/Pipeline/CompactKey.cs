using System;
using System.Collections.Generic;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// A definition's key as the pipeline keeps it for a million definitions: two references instead of a
/// <see cref="DefinitionKey"/> and its array. <c>Rest</c> is null for a one-field key, the second value for a
/// two-field key (the common case), or an array of the values after the first. Orders and compares exactly as
/// <see cref="DefinitionKey"/> does; it keeps the last value's <see cref="DefinitionKey.PatternRank"/>, which decides most
/// comparisons, so sorting does not count the same value's wildcards and letters again for every comparison.
/// </summary>
internal readonly struct CompactKey
{
    private readonly string _first;
    private readonly object? _rest;
    private readonly long _lastRank;

    private CompactKey(string first, object? rest)
    {
        _first = first;
        _rest = rest;
        _lastRank = DefinitionKey.PatternRank(Last);
    }

    public int Count => _rest switch { null => 1, string => 2, _ => 1 + ((string[])_rest).Length };

    public string First => _first ?? "";

    public string this[int index] => index == 0 ? _first : _rest switch
    {
        string second when index == 1 => second,
        string[] more => more[index - 1],
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>
    /// Copies <paramref name="key"/>, taking values other than the last from <paramref name="pool"/> (they repeat: a
    /// domain is shared by many definitions) while the pool has room. A key with an empty value is incomplete.
    /// </summary>
    public static CompactKey From(DefinitionKey key, Dictionary<string, string> pool, int poolLimit, out bool complete)
    {
        var values = key.Values;
        complete = values.Length > 0;
        foreach (var value in values)
            if (value.Length == 0) complete = false;
        if (values.Length == 0) return new CompactKey("", Array.Empty<string>());
        string Shared(string value)
        {
            if (pool.TryGetValue(value, out var pooled)) return pooled;
            if (pool.Count < poolLimit) pool.Add(value, value);
            return value;
        }
        return values.Length switch
        {
            1 => new CompactKey(values[0], null),
            2 => new CompactKey(Shared(values[0]), values[1]),
            _ => new CompactKey(Shared(values[0]), Rest(values, Shared)),
        };
    }

    private static string[] Rest(ReadOnlySpan<string> values, Func<string, string> shared)
    {
        var rest = new string[values.Length - 1];
        for (var i = 1; i < values.Length; i++)
            rest[i - 1] = i < values.Length - 1 ? shared(values[i]) : values[i];
        return rest;
    }

    /// <summary>The order of <see cref="DefinitionKey.CompareTo"/>.</summary>
    public static int Compare(in CompactKey a, in CompactKey b)
    {
        // A key always has a last value here, so the ranks are the first step of DefinitionKey's order.
        var c = a._lastRank.CompareTo(b._lastRank);
        if (c != 0) return c;
        var countA = a.Count;
        var countB = b.Count;
        if (countA <= 2 && countB <= 2)
        {
            // The common two-field key without copying it: the last value decides first, then the first.
            Span<string> left = [a[0], countA == 2 ? a[1] : ""];
            Span<string> right = [b[0], countB == 2 ? b[1] : ""];
            return DefinitionKey.CompareAfterLastRank(left[..countA], right[..countB]);
        }
        var x = new string[countA];
        var y = new string[countB];
        for (var i = 0; i < countA; i++) x[i] = a[i];
        for (var i = 0; i < countB; i++) y[i] = b[i];
        return DefinitionKey.CompareAfterLastRank(x, y);
    }

    /// <summary>The last value: the pattern a server matches calls against.</summary>
    public string Last => this[Count - 1];

    public bool Equals(in CompactKey other)
    {
        var count = Count;
        if (count != other.Count) return false;
        for (var i = 0; i < count; i++)
            if (!string.Equals(this[i], other[i], StringComparison.Ordinal)) return false;
        return true;
    }

    public DefinitionKey ToDefinitionKey()
    {
        var values = new string?[Count];
        for (var i = 0; i < values.Length; i++) values[i] = this[i];
        return new DefinitionKey(values);
    }
}

/// <summary>
/// A list that grows by adding fixed-size segments rather than by doubling and copying, so a million records cost
/// a million records, not up to two million during growth.
/// </summary>
internal sealed class SegmentedList<T>
{
    private const int SegmentSize = 16 * 1024;
    private readonly List<T[]> _segments = [];
    private int _lastCount = SegmentSize;

    public int Count => _segments.Count == 0 ? 0 : (_segments.Count - 1) * SegmentSize + _lastCount;

    public void Add(in T item)
    {
        if (_lastCount == SegmentSize)
        {
            _segments.Add(new T[SegmentSize]);
            _lastCount = 0;
        }
        _segments[^1][_lastCount++] = item;
    }

    /// <summary>Removes the items that match <paramref name="match"/>, keeping the others in order.</summary>
    public void RemoveAll(Predicate<T> match)
    {
        var kept = new SegmentedList<T>();
        for (var i = 0; i < _segments.Count; i++)
        {
            var length = i == _segments.Count - 1 ? _lastCount : SegmentSize;
            for (var j = 0; j < length; j++)
                if (!match(_segments[i][j])) kept.Add(_segments[i][j]);
        }
        _segments.Clear();
        _segments.AddRange(kept._segments);
        _lastCount = kept._lastCount;
    }

    /// <summary>Moves the items into <paramref name="destination"/> at <paramref name="index"/>, releasing each segment once copied.</summary>
    public void MoveTo(T[] destination, int index)
    {
        for (var i = 0; i < _segments.Count; i++)
        {
            var length = i == _segments.Count - 1 ? _lastCount : SegmentSize;
            Array.Copy(_segments[i], 0, destination, index, length);
            index += length;
            _segments[i] = [];
        }
        _segments.Clear();
        _lastCount = SegmentSize;
    }
}
