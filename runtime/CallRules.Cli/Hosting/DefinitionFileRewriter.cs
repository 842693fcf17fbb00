using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallRules.Runtime;
using CallRules.Runtime.Pipeline;

namespace CallRules.Cli.Hosting;

/// <summary>
/// What the commands that rewrite files in place share (fmt and migrate rewrite definition files, baseline its
/// baseline): which files the paths name, reading one, and replacing one through <see cref="AtomicFileSet"/> only if
/// it still holds what was read, so an edit saved meanwhile is never lost. A path that is a symbolic link is replaced
/// where the link points (the link stays a link), and the temporary files that a killed run left in a folder are
/// removed before this run writes there.
/// </summary>
/// <param name="command">The command, for "run it again" in a message (<c>fmt</c>).</param>
/// <param name="doing">What it does to a file, for "while it was being ..." (<c>formatted</c>).</param>
/// <param name="newFileMode">The mode of a file that does not exist yet (<see cref="AtomicFileSet.NewFileMode"/>).</param>
internal sealed class DefinitionFileRewriter(string command, string doing, UnixFileMode newFileMode = AtomicFileSet.NewFileMode)
{
    private readonly HashSet<string> _cleaned = new(StringComparer.Ordinal);

    /// <summary>
    /// The definition files <paramref name="paths"/> name (files, and folders searched for *.json), with the warnings
    /// of the search printed; null when a path is wrong: its errors and "nothing <paramref name="nothing"/>" are
    /// printed, and the caller exits with <see cref="ExitCodes.Usage"/>.
    /// </summary>
    public static IReadOnlyList<DefinitionInput>? ResolveInputs(CliContext context, IEnumerable<string> paths, string nothing)
    {
        var found = new List<DefinitionError>();
        var inputs = InputPaths.Resolve(paths, found);
        foreach (var diagnostic in found) context.Stderr.WriteLine(diagnostic.ToString());
        var errors = found.Count(d => d.IsError);
        if (errors == 0) return inputs;
        context.Stderr.WriteLine($"{Counting.Count(errors, "error")} in the paths given; nothing {nothing}.");
        return null;
    }

    /// <summary>The bytes of <paramref name="path"/>, or null and the error (<see cref="ErrorCodes.FileUnreadable"/>) that says why not.</summary>
    public static byte[]? Read(string path, out DefinitionError? error)
    {
        error = null;
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = new DefinitionError(ErrorCodes.FileUnreadable, $"The file cannot be read: {e.Message}", File: path);
            return null;
        }
    }

    /// <summary>
    /// Removes the temporary files a killed run left beside <paramref name="path"/> (beside its target, for a link);
    /// each folder once. <see cref="Replace"/> does it too; a command calls it for files it does not rewrite, so a run
    /// that has nothing left to change still cleans up after the one that was killed.
    /// </summary>
    public void RemoveStaleBeside(string path)
    {
        try
        {
            RemoveStaleIn(TargetOf(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Cleaning up is a courtesy; the files to rewrite report their own errors.
        }
    }

    /// <summary>
    /// Replaces the file at <paramref name="path"/> (through a symbolic link, its target) with <paramref name="content"/>.
    /// With <paramref name="expected"/> (what was read), the file must still hold exactly that when it is replaced:
    /// if it changed (an editor saved it meanwhile), it is left as it is.
    /// </summary>
    /// <returns>Null when replaced; else the error (<see cref="ErrorCodes.OutputUnwritable"/>) to report.</returns>
    public DefinitionError? Replace(string path, ReadOnlySpan<byte> content, byte[]? expected)
    {
        try
        {
            var target = TargetOf(path);
            RemoveStaleIn(target);
            using var set = new AtomicFileSet(newFileMode);
            set.Stage(target, content);
            // Checked after the new content is on disk, so the window between this read and the rename is as short as it can be.
            if (expected is not null && !File.ReadAllBytes(target).AsSpan().SequenceEqual(expected))
            {
                return new DefinitionError(ErrorCodes.OutputUnwritable,
                    $"The file changed while it was being {doing}; it was left as it is. Run {command} again.", File: path);
            }
            set.Commit();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new DefinitionError(ErrorCodes.OutputUnwritable, $"The file cannot be rewritten: {e.Message}", File: path);
        }
    }

    /// <summary>The file a write to <paramref name="path"/> must replace: the final target of a symbolic link, else the path.</summary>
    private static string TargetOf(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }

    private void RemoveStaleIn(string target)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && _cleaned.Add(folder)) AtomicFileSet.RemoveStale(folder);
    }
}
