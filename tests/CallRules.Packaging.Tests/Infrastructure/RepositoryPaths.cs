using System;
using System.IO;

namespace CallRules.Packaging.Tests.Infrastructure;

/// <summary>Where things are in the repository the tests were built from.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder that holds Compiler.sln.</summary>
    public static string Root => s_root.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Compiler.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No Compiler.sln above {AppContext.BaseDirectory}.");
    }
}
