using System;
using CallRules.Generator.Emitting;
using CallRules.Generator.Model;
using CallRules.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator;

/// <summary>
/// Turns each <c>*.schema.json</c> additional file into a definition type: model, validator, JSON serializer and
/// call-rule emitter. The pipeline depends only on the schema files and their item metadata, never on C# code,
/// so editing C# re-runs nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CallRulesGenerator : IIncrementalGenerator
{
    /// <summary>The item metadata that sets the namespace of one schema file's types.</summary>
    internal const string NamespaceMetadata = "build_metadata.AdditionalFiles.CallRulesNamespace";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Pick the schema files and read their text and namespace metadata into plain, equatable inputs.
        var inputs = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
            {
                var (file, options) = pair;
                options.GetOptions(file).TryGetValue(NamespaceMetadata, out var ns);
                var text = file.GetText(cancellationToken)?.ToString();
                return new SchemaInput(file.Path, text, string.IsNullOrWhiteSpace(ns) ? null : ns);
            })
            .WithTrackingName(TrackingNames.SchemaInput);

        // 2. Parse and check each schema: a spec when valid, and located diagnostics.
        var parsed = inputs
            .Select(static (input, cancellationToken) => input.Text is null
                ? new SchemaParseResult(null, EquatableArray<DiagnosticInfo>.Empty)
                : SchemaParser.Parse(input.Path, SourceText.From(input.Text), input.Namespace, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // 3. Report diagnostics apart from the spec, so a whitespace edit that only moves them re-emits no code.
        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var item in items)
                output.ReportDiagnostic(item.ToDiagnostic());
        });

        // 4. Render the four files of each valid spec, then add them.
        var rendered = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Spec)
            .Select(static (spec, cancellationToken) => SchemaEmitter.Render(spec, cancellationToken))
            .WithTrackingName(TrackingNames.Render);
        context.RegisterSourceOutput(rendered, static (output, result) =>
        {
            foreach (var file in result.Files)
                output.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
            foreach (var item in result.Diagnostics)
                output.ReportDiagnostic(item.ToDiagnostic());
        });
    }
}

/// <summary>One schema file's path, text and namespace metadata.</summary>
internal sealed record SchemaInput(string Path, string? Text, string? Namespace);
