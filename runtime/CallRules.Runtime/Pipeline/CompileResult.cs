using System;
using System.Collections.Generic;
using System.Linq;

namespace CallRules.Runtime.Pipeline;

/// <summary>What a compile or validate run found: every error and warning, sorted, and what was read.</summary>
public sealed class CompileResult : IDisposable
{
    internal CompileResult(IReadOnlyList<DefinitionError> diagnostics, int definitionCount, int fileCount, int filesWithErrors, CompiledRules? rules)
    {
        Diagnostics = diagnostics;
        Errors = diagnostics.Where(d => d.IsError).ToArray();
        Warnings = diagnostics.Where(d => !d.IsError).ToArray();
        DefinitionCount = definitionCount;
        FileCount = fileCount;
        FilesWithErrors = filesWithErrors;
        Rules = rules;
    }

    /// <summary>
    /// Every error and warning of the run, sorted by file (in input order), line, column, code and message: the order
    /// in which a person reads them.
    /// </summary>
    public IReadOnlyList<DefinitionError> Diagnostics { get; }

    /// <summary>The errors of the run (<see cref="Diagnostics"/> of <see cref="Severity.Error"/>), in the same order.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    /// <summary>The warnings of the run (<see cref="Diagnostics"/> of <see cref="Severity.Warning"/>), in the same order.</summary>
    public IReadOnlyList<DefinitionError> Warnings { get; }

    /// <summary>Whether the run found no error (warnings do not count).</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>How many definitions were read (valid or not).</summary>
    public int DefinitionCount { get; }

    /// <summary>How many input files were read.</summary>
    public int FileCount { get; }

    /// <summary>How many input files had at least one error.</summary>
    public int FilesWithErrors { get; }

    /// <summary>The compiled call rules in section order, when call rules were asked for and there was no error.</summary>
    public CompiledRules? Rules { get; }

    /// <summary>Releases the temporary spill buffers.</summary>
    public void Dispose() => Rules?.Dispose();
}
