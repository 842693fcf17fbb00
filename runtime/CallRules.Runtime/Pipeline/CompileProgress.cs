using System.Threading;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// How far a compile or validate run has got, for a progress display: the run updates the counts as it goes, and any
/// thread may read them at any time (each count on its own is exact; together they are a snapshot taken a few
/// microseconds apart). Pass one through <see cref="CompileOptions.Progress"/>.
/// </summary>
public sealed class CompileProgress
{
    private long _files;
    private long _definitions;

    /// <summary>The input files read to their end.</summary>
    public long FilesRead => Volatile.Read(ref _files);

    /// <summary>The definitions read and checked.</summary>
    public long DefinitionsChecked => Volatile.Read(ref _definitions);

    internal void FileRead() => Interlocked.Increment(ref _files);

    /// <summary>Adds <paramref name="count"/> definitions checked (negative for those dropped to be read again).</summary>
    internal void DefinitionsDone(int count)
    {
        if (count != 0) Interlocked.Add(ref _definitions, count);
    }

    /// <summary>Back to nothing, for a run done again from the start.</summary>
    internal void Restart()
    {
        Interlocked.Exchange(ref _files, 0);
        Interlocked.Exchange(ref _definitions, 0);
    }
}
