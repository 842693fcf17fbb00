using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallRules.TestSupport;
using Xunit;

namespace CallRules.Packaging.Tests.Infrastructure;

/// <summary>
/// A copy of the repository in a temporary folder, made from the developer's files as they are (tracked files with
/// their uncommitted edits, and new files git does not ignore) but without build output, then committed in a fresh git
/// repository of its own so that commands such as <c>git diff</c> work in it. It restores packages only from the global
/// packages folder the outer build restored into (a nuget.config of the copy), so building it needs no network and a
/// package the outer build did not restore is an error rather than a download.
/// </summary>
internal static class RepositoryCopy
{
    /// <summary>Copies the repository at <paramref name="source"/> into <paramref name="destination"/> (which must not exist yet).</summary>
    public static void Create(string source, string destination, TimeSpan timeout)
    {
        var listed = ProcessRunner.Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], source, timeout: timeout);
        Assert.True(listed.ExitCode == 0, "Listing the repository's files failed:\n" + listed);
        var files = listed.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("Compiler.sln", files);

        Directory.CreateDirectory(destination);
        foreach (var file in files)
        {
            var from = Path.Join(source, file);
            var info = new FileInfo(from);
            if (!info.Exists)
                continue; // deleted in the working tree and not yet committed: the copy is the tree as it is
            var to = Path.Join(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            if (info.LinkTarget is { } target)
                File.CreateSymbolicLink(to, target);
            else
                File.Copy(from, to); // keeps the mode, so scripts stay executable
        }

        File.WriteAllText(Path.Join(destination, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- A copy made by a test: restore only what the outer build already restored. -->
            <configuration>
              <packageSources>
                <clear />
                <add key="restored" value="{GlobalPackagesFolder(source, timeout)}" />
              </packageSources>
            </configuration>
            """);

        Git(destination, timeout, "init", "-q");
        Git(destination, timeout, "add", "-A");
        Git(destination, timeout, "-c", "user.name=CallRules tests", "-c", "user.email=tests@callrules.invalid", "-c", "commit.gpgsign=false",
            "commit", "-q", "-m", "The repository as the test found it");
    }

    /// <summary>Runs git in <paramref name="folder"/> and returns its standard output; fails the test if git fails.</summary>
    public static string Git(string folder, TimeSpan timeout, params string[] arguments)
    {
        var run = ProcessRunner.Run("git", arguments, folder, timeout: timeout);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output;
    }

    /// <summary>The global packages folder this machine's dotnet restores into (NUGET_PACKAGES or the NuGet configuration).</summary>
    private static string GlobalPackagesFolder(string repository, TimeSpan timeout)
    {
        var run = ProcessRunner.Run("dotnet", ["nuget", "locals", "global-packages", "--list"], repository, timeout: timeout);
        const string Prefix = "global-packages:";
        var line = run.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        Assert.True(run.ExitCode == 0 && line is not null, "Could not find the global packages folder:\n" + run);
        var folder = line![Prefix.Length..].Trim();
        Assert.True(Directory.Exists(folder), $"The global packages folder {folder} does not exist: build the solution first.");
        return folder;
    }

    /// <summary>The files of <paramref name="folder"/>'s repository that differ from its first commit, as <c>git status --short</c> lists them.</summary>
    public static IReadOnlyList<string> Changes(string folder, TimeSpan timeout) =>
        Git(folder, timeout, "status", "--short", "--untracked-files=all").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
