using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CallRules.Cli.Tests;

/// <summary>Transcripts shown in the README and docs/cli.md (<c>$ callrules …</c> then its output), for tests that pin them to real output.</summary>
internal static class Readme
{
    /// <summary>
    /// The output lines that follow the line <c>$ {commandLine}</c> in a code block of <paramref name="document"/>
    /// (relative to the repository root), up to the end of the block or the next <c>$</c> line.
    /// </summary>
    public static IReadOnlyList<string> Transcript(string document, string commandLine)
    {
        var lines = File.ReadAllText(Path.Join(Cli.RepositoryRoot, document)).Replace("\r\n", "\n").Split('\n');
        var start = Array.IndexOf(lines, "$ " + commandLine);
        Assert.True(start >= 0, $"{document} no longer shows '$ {commandLine}'.");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal) && !l.StartsWith("$ ", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The lines of <paramref name="text"/>, without a final empty one.</summary>
    public static IReadOnlyList<string> Lines(string text) => text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}
