using System;
using System.Collections.Generic;
using System.IO;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Turns the paths a user gave into the list of definition files, in an order that does not depend on the order of
/// the arguments or of the disk: every file sorted by its full path, ordinal, each once.
/// </summary>
/// <remarks>
/// Folders are searched by hand rather than by the framework's recursive enumeration, which follows links into
/// loops for ever: each folder is searched once however many links lead to it (known by device and inode), a link
/// back into a folder that contains it is one warning (<see cref="ErrorCodes.FolderLoop"/>), and only regular files
/// are read from folders (a named pipe would block the run; <see cref="ErrorCodes.NotRegularFile"/>). A file reached
/// by two paths (a link, a hard link) is read once. Real folders are searched before linked ones, so a file is
/// named by its real path where it has one. Where the system cannot tell device and inode (not Linux), folders are
/// known by their resolved path instead, and every file found is read.
/// </remarks>
public static class InputPaths
{
    /// <summary>The extension of definition files searched for in folders.</summary>
    public const string DefinitionExtension = ".json";

    private static readonly EnumerationOptions s_oneFolder = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    /// <summary>
    /// Resolves <paramref name="paths"/>: a file is taken as it is (whatever its extension or kind: a pipe given by
    /// name is read); a folder is searched recursively for <c>*.json</c> (any case), skipping hidden files and
    /// folders. A missing path is <see cref="ErrorCodes.InputNotFound"/>; a folder without definition files is
    /// <see cref="ErrorCodes.NoInputFiles"/>; a loop or a skipped file in a folder is a warning. Errors and warnings
    /// go to <paramref name="errors"/>; only errors should stop a run.
    /// </summary>
    public static IReadOnlyList<DefinitionInput> Resolve(IEnumerable<string> paths, ICollection<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(errors);
        var found = new Found();
        var search = new FolderSearch(found, errors);
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
                found.Add(full, path, FileStatus.Of(full));
            }
            else if (Directory.Exists(full))
            {
                if (search.Search(full, path) == 0)
                    errors.Add(new DefinitionError(ErrorCodes.NoInputFiles,
                        $"The folder '{path}' holds no {DefinitionExtension} file (searched recursively, hidden files skipped)."));
            }
            else
            {
                errors.Add(new DefinitionError(ErrorCodes.InputNotFound, $"'{path}' does not exist."));
            }
        }
        return found.ToInputs();
    }

    /// <summary>The files found so far, each once: by device and inode where known, else by full path.</summary>
    private sealed class Found
    {
        private readonly Dictionary<(ulong, ulong), string> _byIdentity = [];
        private readonly SortedDictionary<string, string> _byPath = new(StringComparer.Ordinal); // full path → name as shown

        public int Count => _byPath.Count;

        /// <summary>Adds the file, unless it was found before under this path or another.</summary>
        public void Add(string full, string shown, FileStatus status)
        {
            if (_byPath.ContainsKey(full)) return;
            if (status.HasIdentity)
            {
                var identity = (status.Device, status.Inode);
                if (_byIdentity.TryGetValue(identity, out var other))
                {
                    // The same file by two paths: keep the ordinal-first path, so the choice does not depend on the search.
                    if (string.CompareOrdinal(full, other) >= 0) return;
                    _byPath.Remove(other);
                }
                _byIdentity[identity] = full;
            }
            _byPath.Add(full, shown);
        }

        public List<DefinitionInput> ToInputs()
        {
            var inputs = new List<DefinitionInput>(_byPath.Count);
            foreach (var (full, name) in _byPath)
                inputs.Add(DefinitionInput.FromFile(name, full));
            return inputs;
        }
    }

    /// <summary>Searches folders, each once, whatever links lead to them.</summary>
    private sealed class FolderSearch(Found found, ICollection<DefinitionError> errors)
    {
        private readonly Dictionary<(ulong, ulong), string> _byIdentity = [];
        private readonly Dictionary<string, string> _byResolvedPath = new(StringComparer.Ordinal);

        private int _files;

        /// <summary>
        /// Searches the folder <paramref name="root"/> and what it holds; returns how many definition files it holds
        /// (found now or before), -1 when it could not be searched (an error was added), or -2 when it was searched
        /// before (given twice, or inside another folder given).
        /// </summary>
        public int Search(string root, string shownRoot)
        {
            if (VisitedAs(root, FileStatus.Of(root)) is not null) return -2;
            _files = 0;
            var folders = new Stack<(string Full, string Shown)>();
            var links = new List<(string Full, string Shown)>();
            folders.Push((root, shownRoot));
            while (true)
            {
                while (folders.Count > 0)
                {
                    var (full, shown) = folders.Pop();
                    if (!MarkVisited(full)) continue;
                    if (!SearchOne(full, shown, folders, links)) return -1;
                }
                if (links.Count == 0) return _files;
                // Linked folders after every real one: a folder reached both ways is named by its real path.
                links.Sort((a, b) => string.CompareOrdinal(b.Full, a.Full));
                var (linkFull, linkShown) = links[^1];
                links.RemoveAt(links.Count - 1);
                var status = FileStatus.Of(linkFull);
                if (AncestorIs(linkFull, status) is { } ancestor)
                {
                    // The link leads to a folder that holds it: following it would go round for ever.
                    errors.Add(new DefinitionError(ErrorCodes.FolderLoop,
                        $"This link leads back to '{Shown(ancestor, root, shownRoot)}', a folder that holds it: a loop. It is not followed.",
                        File: linkShown, Severity: Severity.Warning));
                    continue;
                }
                // A folder already searched by another path is not searched again.
                if (VisitedAs(linkFull, status) is null) folders.Push((linkFull, linkShown));
            }
        }

        private bool SearchOne(string full, string shown, Stack<(string, string)> folders, List<(string, string)> links)
        {
            var entries = new List<FileSystemInfo>();
            try
            {
                foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos("*", s_oneFolder))
                    entries.Add(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new DefinitionError(ErrorCodes.FileUnreadable, $"Cannot search the folder '{shown}': {e.Message}"));
                return false;
            }
            // Deepest-first stack order reversed: subfolders are searched in ordinal order.
            entries.Sort((a, b) => string.CompareOrdinal(b.Name, a.Name));
            foreach (var entry in entries)
            {
                var entryShown = Path.Join(shown, entry.Name);
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is not null) links.Add((entry.FullName, entryShown));
                    else folders.Push((entry.FullName, entryShown));
                    continue;
                }
                if (!entry.Name.EndsWith(DefinitionExtension, StringComparison.OrdinalIgnoreCase)) continue;
                var status = FileStatus.Of(entry.FullName);
                if (status.Kind is FileKind.Regular or FileKind.Unknown or FileKind.Missing)
                {
                    // A dangling link is kept: reading it reports CR0007, naming the file a definition was expected in.
                    found.Add(entry.FullName, entryShown, status);
                    _files++;
                    continue;
                }
                errors.Add(new DefinitionError(ErrorCodes.NotRegularFile,
                    $"This is {Describe(status.Kind)}, not a regular file; it is skipped. Only regular files are read from folders.",
                    File: entryShown, Severity: Severity.Warning));
            }
            return true;
        }

        /// <summary>Records the folder as searched; false when it already was.</summary>
        private bool MarkVisited(string full)
        {
            var status = FileStatus.Of(full);
            if (VisitedAs(full, status) is not null) return false;
            if (status.HasIdentity) _byIdentity[(status.Device, status.Inode)] = full;
            else _byResolvedPath[Resolved(full)] = full;
            return true;
        }

        /// <summary>The path under which the folder was searched, or null.</summary>
        private string? VisitedAs(string full, FileStatus status)
        {
            if (status.HasIdentity)
                return _byIdentity.TryGetValue((status.Device, status.Inode), out var path) ? path : null;
            return _byResolvedPath.TryGetValue(Resolved(full), out var byPath) ? byPath : null;
        }

        /// <summary>The folder above <paramref name="link"/> (as the search reached it) that the link leads to, or null.</summary>
        private static string? AncestorIs(string link, FileStatus target)
        {
            var resolved = target.HasIdentity ? null : Resolved(link);
            for (var folder = Path.GetDirectoryName(link); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var status = FileStatus.Of(folder);
                var same = target.HasIdentity
                    ? status.HasIdentity && status.Device == target.Device && status.Inode == target.Inode
                    : string.Equals(Resolved(folder), resolved, StringComparison.Ordinal);
                if (same) return folder;
            }
            return null;
        }

        /// <summary>The path with its links resolved, where the system gives no identity.</summary>
        private static string Resolved(string full)
        {
            try
            {
                var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
                return Path.TrimEndingDirectorySeparator(target?.FullName ?? full);
            }
            catch (IOException)
            {
                return full;
            }
        }

        private static string Shown(string full, string root, string shownRoot)
        {
            if (full == root) return shownRoot;
            var relative = Path.GetRelativePath(root, full);
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : Path.Join(shownRoot, relative);
        }

        private static string Describe(FileKind kind) => kind switch
        {
            FileKind.Pipe => "a named pipe (FIFO)",
            FileKind.Socket => "a socket",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            _ => "a special file",
        };
    }
}
