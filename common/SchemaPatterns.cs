// One rule, two builds: compiled into the runtime (public) and the generator (internal). The generator checks a
// schema's patterns and defaults with it at build time; generated validators and the editor JSON Schema use it at
// run time, so a pattern means the same everywhere. See ValueFormats.cs for what C# is allowed here.
using System.Text.RegularExpressions;

#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Validation;
#endif

/// <summary>How a schema's <c>pattern</c> is matched: against the whole value, without backtracking.</summary>
static partial class SchemaPatterns
{
    /// <summary>
    /// How patterns run: without backtracking, so matching takes time linear in the value and no definition can make
    /// validation hang. (The flag is .NET 7's <c>RegexOptions.NonBacktracking</c>, which netstandard2.0 does not name;
    /// the generator runs in a .NET compiler host that has it.)
    /// </summary>
    public const RegexOptions Options = RegexOptions.CultureInvariant | (RegexOptions)0x400;

    /// <summary>The .NET expression that matches a value exactly when <paramref name="pattern"/> matches all of it.</summary>
    public static string Anchor(string pattern) => @"\A(?:" + pattern + @")\z";

    /// <summary>
    /// The same for JSON Schema (ECMA-262 expressions, which have no <c>\A</c> or <c>\z</c>): a JSON Schema
    /// <c>pattern</c> matches anywhere in the value unless anchored.
    /// </summary>
    public static string AnchorForJsonSchema(string pattern) => "^(?:" + pattern + ")$";

    /// <summary>The expression a schema pattern runs as: anchored, with <see cref="Options"/>.</summary>
    /// <exception cref="System.ArgumentException"><paramref name="pattern"/> is not a valid expression.</exception>
    /// <exception cref="System.NotSupportedException"><paramref name="pattern"/> needs backtracking.</exception>
    public static Regex Create(string pattern) => new Regex(Anchor(pattern), Options);

    /// <summary>
    /// Whether <paramref name="value"/> matches <paramref name="pattern"/>, through <see cref="Regex"/>'s cache of
    /// built expressions (for the build, which checks each pattern and default once).
    /// </summary>
    public static bool IsMatch(string value, string pattern) => Regex.IsMatch(value, Anchor(pattern), Options);
}
