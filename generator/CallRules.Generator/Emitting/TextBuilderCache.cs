using System;
using System.Text;

namespace CallRules.Generator.Emitting;

/// <summary>
/// One <see cref="StringBuilder"/> per thread for the view's text (doc lines, remarks, <c>FieldInfo</c> members), reused
/// from field to field: a builder per string was most of what building the view allocated. A nested
/// <see cref="Acquire"/> while the builder is out gets a new one, so a use never sees another's text.
/// </summary>
internal static class TextBuilderCache
{
    private const int MaxKeptCapacity = 4096;

    [ThreadStatic]
    private static StringBuilder? s_cached;

    /// <summary>An empty builder: the thread's cached one when it is free.</summary>
    public static StringBuilder Acquire()
    {
        var builder = s_cached;
        if (builder is null)
            return new StringBuilder(256);
        s_cached = null;
        builder.Clear();
        return builder;
    }

    /// <summary>The builder's text; the builder goes back to the cache unless it grew too large to keep.</summary>
    public static string ToStringAndRelease(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= MaxKeptCapacity)
            s_cached = builder;
        return text;
    }
}
