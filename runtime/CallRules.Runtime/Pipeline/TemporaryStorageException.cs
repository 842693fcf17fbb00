using System;
using System.IO;

namespace CallRules.Runtime.Pipeline;

/// <summary>
/// Thrown when a compile run cannot keep its compiled sections in the temporary folder (it is missing, a file, not
/// writable, or full). The run is over: every worker has stopped, every temporary file is gone, nothing was written.
/// <see cref="Error"/> is the <see cref="ErrorCodes.OutputUnwritable"/> error to show, naming the folder and the reason.
/// </summary>
public sealed class TemporaryStorageException : IOException
{
    /// <summary>Creates the exception for <paramref name="folder"/>, which failed with <paramref name="inner"/>.</summary>
    public TemporaryStorageException(string folder, Exception inner)
        : base(MessageFor(folder, inner), inner)
    {
        Folder = folder;
        Error = new DefinitionError(ErrorCodes.OutputUnwritable, Message);
    }

    /// <summary>The temporary folder.</summary>
    public string Folder { get; }

    /// <summary>The error to report.</summary>
    public DefinitionError Error { get; }

    private static string MessageFor(string folder, Exception inner)
    {
        var shown = Path.TrimEndingDirectorySeparator(folder);
        string reason;
        if (File.Exists(shown)) reason = "it is a file, not a folder";
        else if (!Directory.Exists(shown)) reason = "the folder does not exist";
        else reason = WithoutPath(inner.Message);
        var where = OperatingSystem.IsWindows() ? "TMP" : "TMPDIR";
        return $"Cannot keep the compiled call rules in the temporary folder '{shown}': {reason}. " +
               $"Point {where} at a writable folder with free space.";
    }

    /// <summary>The operating system's reason without the temporary file's random name (<c>No space left on device : '/tmp/…'</c>).</summary>
    private static string WithoutPath(string message)
    {
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        return (cut > 0 && message.EndsWith('\'') ? message[..cut] : message).TrimEnd('.');
    }
}
