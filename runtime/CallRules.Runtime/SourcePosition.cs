namespace CallRules.Runtime;

/// <summary>A 1-based line and column in a definition file; <see cref="None"/> when unknown.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>No position: the definition was built in code, not read from a file.</summary>
    public static SourcePosition None => default;

    /// <summary>True when the position points into a file.</summary>
    public bool IsKnown => Line > 0;

    /// <inheritdoc/>
    public override string ToString() => IsKnown ? $"({Line},{Column})" : "";
}
