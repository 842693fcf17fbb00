namespace CallRules.Generator;

/// <summary>Names of the pipeline steps, so tests can assert which steps ran or were cached.</summary>
internal static class TrackingNames
{
    /// <summary>Schema files picked from the additional files, with their text and options.</summary>
    public const string SchemaInput = nameof(SchemaInput);
    /// <summary>A shipped baseline (<c>*.schema.shipped.json</c>) read into a spec and its own diagnostics.</summary>
    public const string Baseline = nameof(Baseline);
    /// <summary>A schema input paired with its baseline.</summary>
    public const string Paired = nameof(Paired);
    /// <summary>Schema text parsed, validated and compared with its baseline into a spec and diagnostics.</summary>
    public const string Parse = nameof(Parse);
    /// <summary>The diagnostics of one schema file.</summary>
    public const string Diagnostics = nameof(Diagnostics);
    /// <summary>The spec of one valid schema file.</summary>
    public const string Spec = nameof(Spec);
    /// <summary>The four generated files of one spec.</summary>
    public const string Render = nameof(Render);
}
