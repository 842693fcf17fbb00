using System;
using System.IO;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>Files of this repository, found from the test's output folder by walking up to Compiler.sln.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository's root folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>The path in the repository, <paramref name="relativePath"/> written with '/'.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The text of <c>schema/connection.schema.json</c>.</summary>
    public static string ConnectionSchema => File.ReadAllText(PathOf("schema/connection.schema.json"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Compiler.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No Compiler.sln above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }
}
