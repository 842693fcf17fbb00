using System;
using System.IO;
using CallRules.Runtime.Json;

namespace CallRules.Runtime.Pipeline;

/// <summary>Limits and resources of a compile run. The defaults suit every run the CLI makes.</summary>
public sealed class CompileOptions
{
    /// <summary>The largest definition object, in bytes of JSON, that is read (<see cref="ErrorCodes.DefinitionTooLarge"/> above it): 1 MiB.</summary>
    public int MaxDefinitionBytes { get; init; } = 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted (<see cref="ErrorCodes.TooDeep"/> beyond it).</summary>
    public int MaxDepth { get; init; } = JsonReadContext.ReaderOptions.MaxDepth;

    /// <summary>How many definitions are read and compiled at once; one reader frames the files for all of them.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Runs whose inputs together are at most this many bytes (when their sizes are known) are done on the calling thread: 1 MiB.</summary>
    public long InlineBelowBytes { get; init; } = 1024 * 1024;

    /// <summary>How many bytes of compiled call rules each worker keeps in memory before moving them to a temporary file.</summary>
    public long SpillMemoryLimit { get; init; } = 8L * 1024 * 1024;

    /// <summary>
    /// Whether files are split by <see cref="DefinitionSplitter"/> first (files it gives back are read again by the
    /// framer); off, every file goes through <see cref="DefinitionFramer"/>. Tests compare the two.
    /// </summary>
    internal bool FastSplit { get; init; } = true;

    /// <summary>
    /// How many bytes of spill files a run memory-maps to read them back, all workers' files together; a file that
    /// does not fit in what is left is read one section per call, so the pages a mapping touches do not make memory
    /// grow with the input.
    /// </summary>
    internal long SpillMapLimit { get; init; } = SpillMapBudget.DefaultBytes;

    /// <summary>The size of a batch of definitions handed to a worker.</summary>
    internal int BatchBytes { get; init; } = 256 * 1024;

    /// <summary>Where temporary spill files go; the system's temporary folder by default.</summary>
    public string SpillFolder { get; init; } = Path.GetTempPath();

    /// <summary>Counts the run updates as it reads files and checks definitions (for a progress display); null for none.</summary>
    public CompileProgress? Progress { get; init; }
}
