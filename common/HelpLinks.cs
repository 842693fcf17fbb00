// One rule, two builds: compiled into the runtime (public) and the generator (internal), so a diagnostic of the build
// (CRGnnn) and an error of a run (CRnnnn) link to their documentation the same way. See ValueFormats.cs for what C#
// is allowed here.
#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime;
#endif

/// <summary>
/// Where each code is documented: its section of docs/diagnostics.md (generator diagnostics, <c>CRGnnn</c>) or
/// docs/error-codes.md (definition errors, <c>CRnnnn</c>). The compiler shows the link of a diagnostic; tools that
/// write SARIF or similar take the link of an error from here.
/// </summary>
static partial class HelpLinks
{
    /// <summary>The folder the documentation is published from; each section has an anchor named after its code.</summary>
    public const string DocumentationRoot = "https://github.com/callrules/callrules/blob/main/docs/";

    /// <summary>The section of docs/diagnostics.md that explains the generator diagnostic <paramref name="id"/>.</summary>
    public static string ForDiagnostic(string id) => DocumentationRoot + "diagnostics.md#" + id.ToLowerInvariant();

    /// <summary>The section of docs/error-codes.md that explains the error code <paramref name="code"/>.</summary>
    public static string ForErrorCode(string code) => DocumentationRoot + "error-codes.md#" + code.ToLowerInvariant();
}
