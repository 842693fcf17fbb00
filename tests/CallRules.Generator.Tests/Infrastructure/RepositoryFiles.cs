using System.IO;
using CallRules.TestSupport;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>Files of this repository the generator tests read (see <see cref="RepositoryRoot"/>).</summary>
internal static class RepositoryFiles
{
    /// <summary>The path in the repository, <paramref name="relativePath"/> written with '/'.</summary>
    public static string PathOf(string relativePath) => RepositoryRoot.PathOf(relativePath);

    /// <summary>The text of <c>schema/connection.schema.json</c>.</summary>
    public static string ConnectionSchema => File.ReadAllText(PathOf("schema/connection.schema.json"));
}
