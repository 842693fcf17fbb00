using System.IO;
using CallRules.TestSupport;

namespace CallRules.Packaging.Tests.Infrastructure;

/// <summary>Where things are in the repository the tests were built from (see <see cref="RepositoryRoot"/>).</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder that holds Compiler.sln.</summary>
    public static string Root => RepositoryRoot.Path;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
