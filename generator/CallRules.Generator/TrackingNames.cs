namespace CallRules.Generator;

/// <summary>Names of the pipeline steps, so tests can assert which steps ran or were cached.</summary>
internal static class TrackingNames
{
    /// <summary>Schema files picked from the additional files, with their text and options.</summary>
    public const string SchemaInput = nameof(SchemaInput);
    /// <summary>Schema text parsed and validated into a spec and diagnostics.</summary>
    public const string Parse = nameof(Parse);
    /// <summary>The diagnostics of one schema file.</summary>
    public const string Diagnostics = nameof(Diagnostics);
    /// <summary>The spec of one valid schema file.</summary>
    public const string Spec = nameof(Spec);
    /// <summary>The four generated files of one spec.</summary>
    public const string Render = nameof(Render);
}
