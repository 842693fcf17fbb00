using System;
using System.Collections.Generic;
using System.IO;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Turns the paths a user gave into the list of definition files, in an order that does not depend on the order of
/// the arguments or of the disk: every file sorted by its full path, ordinal, each once.
/// </summary>
public static class InputPaths
{
    /// <summary>The extension of definition files searched for in folders.</summary>
    public const string DefinitionExtension = ".json";

    private static readonly EnumerationOptions s_folderSearch = new()
    {
        RecurseSubdirectories = true,
        MatchCasing = MatchCasing.CaseInsensitive,
        MatchType = MatchType.Simple,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    /// <summary>
    /// Resolves <paramref name="paths"/>: a file is taken as it is (whatever its extension); a folder is searched
    /// recursively for <c>*.json</c>, skipping hidden files and folders. A missing path is <see cref="ErrorCodes.InputNotFound"/>;
    /// a folder without definition files is <see cref="ErrorCodes.NoInputFiles"/>.
    /// </summary>
    public static IReadOnlyList<DefinitionInput> Resolve(IEnumerable<string> paths, ICollection<DefinitionError> errors)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal); // full path → name as shown
        foreach (var path in paths)
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                errors.Add(new DefinitionError(ErrorCodes.InputNotFound, $"'{path}' is not a valid path: {e.Message}"));
                continue;
            }
            if (File.Exists(full))
            {
                found.TryAdd(full, path);
            }
            else if (Directory.Exists(full))
            {
                var count = 0;
                try
                {
                    foreach (var file in Directory.EnumerateFiles(full, "*" + DefinitionExtension, s_folderSearch))
                    {
                        count++;
                        found.TryAdd(file, Path.Join(path, Path.GetRelativePath(full, file)));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add(new DefinitionError(ErrorCodes.FileUnreadable, $"Cannot search the folder '{path}': {e.Message}"));
                    continue;
                }
                if (count == 0)
                    errors.Add(new DefinitionError(ErrorCodes.NoInputFiles,
                        $"The folder '{path}' holds no {DefinitionExtension} file (searched recursively, hidden files skipped)."));
            }
            else
            {
                errors.Add(new DefinitionError(ErrorCodes.InputNotFound, $"'{path}' does not exist."));
            }
        }
        var inputs = new List<DefinitionInput>(found.Count);
        foreach (var (full, name) in found)
            inputs.Add(DefinitionInput.FromFile(name, full));
        return inputs;
    }
}
