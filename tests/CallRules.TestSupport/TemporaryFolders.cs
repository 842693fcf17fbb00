using System;
using System.IO;

namespace CallRules.TestSupport;

/// <summary>
/// Fresh folders for tests, all inside one folder per test run that is removed when the run ends, so runs leave
/// nothing behind in the system's temporary folder.
/// </summary>
public static class TemporaryFolders
{
    private static readonly Lazy<string> s_runFolder = new(() =>
    {
        var root = Path.Join(Path.GetTempPath(), "callrules-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
        return root;
    });

    /// <summary>A new, empty folder.</summary>
    public static string Create()
    {
        var path = Path.Join(s_runFolder.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
