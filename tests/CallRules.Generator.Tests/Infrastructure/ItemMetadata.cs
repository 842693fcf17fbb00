using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>AdditionalFiles item metadata (<c>build_metadata.AdditionalFiles.*</c>), by file path.</summary>
internal sealed class ItemMetadata : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Options> _byPath = new();

    public ItemMetadata Set(string path, string key, string value)
    {
        if (!_byPath.TryGetValue(path, out var options))
            _byPath[path] = options = new Options();
        options.Values[key] = value;
        return this;
    }

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options();

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options();

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _byPath.TryGetValue(textFile.Path, out var options) ? options : new Options();

    private sealed class Options : AnalyzerConfigOptions
    {
        public Dictionary<string, string> Values { get; } = new();

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => Values.TryGetValue(key, out value);
    }
}
