using System;
using System.Collections.Generic;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;

namespace CallRules.Runtime.Definitions;

/// <summary>What formatting one definition file found.</summary>
/// <param name="Canonical">The file in canonical form, or null when it is invalid or its comments have no place in canonical form.</param>
/// <param name="Diagnostics">The file's errors and warnings, as <c>validate</c> reports them.</param>
/// <param name="Note">Why a valid file cannot be put in canonical form (a comment that would be lost), or null.</param>
/// <param name="IsCanonical">Whether the file is already in canonical form, byte for byte.</param>
public sealed record FormattedFile(byte[]? Canonical, IReadOnlyList<DefinitionError> Diagnostics, string? Note, bool IsCanonical)
{
    /// <summary>Whether the file holds an error (it is then left as it is).</summary>
    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
                if (diagnostic.IsError) return true;
            return false;
        }
    }
}

/// <summary>
/// Puts definition files in canonical form (<see cref="CanonicalJson"/>: the generated serializer's fields in schema
/// order, <c>$schema</c> first, two-space indent, LF, one object or an array as the file had), keeping their comments
/// (<see cref="DefinitionFileLayout"/>). Only valid files are formatted, so a rewrite can never hide an error, and the
/// values go through the generated reader and writer, so the formatted file compiles to the same call rules.
/// </summary>
public static class DefinitionFormatter<T> where T : class, IDefinition<T>
{
    /// <summary>Formats <paramref name="content"/>, the bytes of the file shown as <paramref name="name"/>.</summary>
    public static FormattedFile Format(string name, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        IReadOnlyList<DefinitionError> diagnostics;
        // The same checks validate makes, so an invalid file gets the same located errors.
        using (var check = new DefinitionCompiler<T>().Validate([DefinitionInput.FromBytes(name, content)]))
        {
            diagnostics = check.Diagnostics;
            if (!check.Succeeded) return new FormattedFile(null, diagnostics, null, false);
        }
        var layout = DefinitionFileLayout.Read(content);
        var definitions = ReadDefinitions(name, content, layout);
        var references = new Dictionary<T, string?>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < definitions.Count; i++) references[definitions[i]] = layout.SchemaReferenceOf(i);
        var canonical = CanonicalJson.File(definitions, layout.IsArray, d => references[d]);
        var result = layout.Apply(canonical, out var unkept);
        if (result is null)
            return new FormattedFile(null, diagnostics, $"it holds {unkept}; canonical form has no place for that comment, so the file is left as it is (move the comment next to a property to let fmt rewrite the file)", false);
        return new FormattedFile(result, diagnostics, null, result.AsSpan().SequenceEqual(content));
    }

    private static List<T> ReadDefinitions(string name, byte[] content, DefinitionFileLayout layout)
    {
        var bytes = Utf8Text.WithoutByteOrderMark(content).ToArray();
        var definitions = new List<T>(layout.DefinitionCount);
        var problems = new List<DefinitionError>();
        var context = new JsonReadContext(name, problems);
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes, JsonReadContext.ReaderOptions);
        var definitionDepth = layout.IsArray ? 1 : 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth != definitionDepth) continue;
            definitions.Add(T.ReadJson(ref reader, context));
        }
        return definitions;
    }
}
