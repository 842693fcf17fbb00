using System;
using System.IO;

namespace CallRules.TestSupport;

/// <summary>
/// The repository the tests were built from, found by walking up to Compiler.sln from the test's output folder, or
/// else from the working folder (a benchmark run from a copy published elsewhere).
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    /// <summary>The folder that holds Compiler.sln.</summary>
    public static string Path => s_path.Value;

    /// <summary>The path of <paramref name="relativePath"/> (written with '/') in the repository.</summary>
    public static string PathOf(string relativePath) =>
        System.IO.Path.Combine(Path, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static string Find()
    {
        foreach (var start in (string[])[AppContext.BaseDirectory, Environment.CurrentDirectory])
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(folder.FullName, "Compiler.sln")))
                    return folder.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No Compiler.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run from inside the repository.");
    }
}
