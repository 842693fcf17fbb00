using System;
using System.Collections.Generic;

namespace CallRules.Runtime.Pipeline;

/// <summary>What a compile or validate run found: every error, sorted, and what was read.</summary>
public sealed class CompileResult : IDisposable
{
    internal CompileResult(IReadOnlyList<DefinitionError> errors, int definitionCount, int fileCount, int filesWithErrors, CompiledRules? rules)
    {
        Errors = errors;
        DefinitionCount = definitionCount;
        FileCount = fileCount;
        FilesWithErrors = filesWithErrors;
        Rules = rules;
    }

    /// <summary>Every error of the run, sorted by file (in input order), line, column, code and message.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    /// <summary>Whether the run found no error.</summary>
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
