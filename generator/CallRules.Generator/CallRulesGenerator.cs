using System;
using CallRules.Generator.Emitting;
using CallRules.Generator.Model;
using CallRules.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator;

/// <summary>
/// Turns each <c>*.schema.json</c> additional file into a definition type: model, validator, JSON serializer and
/// call-rule emitter, and checks it against its shipped baseline (<c>*.schema.shipped.json</c> beside it) when the
/// project has one. The pipeline depends only on these files and their item metadata, never on C# code, so editing
/// C# re-runs nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CallRulesGenerator : IIncrementalGenerator
{
    /// <summary>The item metadata that sets the namespace of one schema file's types.</summary>
    internal const string NamespaceMetadata = "build_metadata.AdditionalFiles.CallRulesNamespace";

    /// <summary>How schema files end.</summary>
    internal const string SchemaSuffix = ".schema.json";

    /// <summary>How shipped baselines end: <c>connection.schema.shipped.json</c> is the baseline of <c>connection.schema.json</c>.</summary>
    internal const string BaselineSuffix = ".schema.shipped.json";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Pick the schema files and read their text and namespace metadata into plain, equatable inputs.
        var schemaFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(SchemaSuffix, StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
            {
                var (file, options) = pair;
                options.GetOptions(file).TryGetValue(NamespaceMetadata, out var ns);
                var text = file.GetText(cancellationToken)?.ToString();
                return new SchemaInput(file.Path, text, string.IsNullOrWhiteSpace(ns) ? null : ns);
            })
            .WithTrackingName(TrackingNames.SchemaInput);

        // 2. Read each shipped baseline into a plain spec (the schema parser reads it: it is a schema in canonical form),
        //    and report its own mistakes, located in the baseline file.
        var baselines = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(BaselineSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) =>
            {
                var text = file.GetText(cancellationToken)?.ToString();
                var schemaPath = file.Path.Substring(0, file.Path.Length - BaselineSuffix.Length) + SchemaSuffix;
                var name = SchemaParser.FileName(file.Path);
                if (text is null)
                    return new BaselineSpec(schemaPath, name, null, EquatableArray<DiagnosticInfo>.Empty);
                var result = SchemaParser.Parse(file.Path, SourceText.From(text), null, cancellationToken);
                return new BaselineSpec(schemaPath, name, result.Spec, result.Diagnostics);
            })
            .WithTrackingName(TrackingNames.Baseline);
        context.RegisterSourceOutput(baselines, static (output, baseline) =>
        {
            foreach (var item in baseline.Diagnostics)
                output.ReportDiagnostic(item.ToDiagnostic());
        });

        // 3. Pair each schema with its baseline (by path: the baseline sits beside the schema), as plain data.
        var inputs = schemaFiles
            .Combine(baselines.Collect())
            .Select(static (pair, _) =>
            {
                var (input, all) = pair;
                foreach (var baseline in all)
                    if (string.Equals(baseline.SchemaPath, input.Path, StringComparison.OrdinalIgnoreCase))
                        return new SchemaWithBaseline(input, baseline);
                return new SchemaWithBaseline(input, null);
            })
            .WithTrackingName(TrackingNames.Paired);

        // 4. Parse and check each schema, and compare it with its baseline: a spec when valid, and located diagnostics.
        var parsed = inputs
            .Select(static (pair, cancellationToken) => pair.Schema.Text is null
                ? new SchemaParseResult(null, EquatableArray<DiagnosticInfo>.Empty)
                : SchemaParser.Parse(pair.Schema.Path, SourceText.From(pair.Schema.Text), pair.Schema.Namespace, pair.Baseline, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // 5. Report diagnostics apart from the spec, so a whitespace edit that only moves them re-emits no code.
        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var item in items)
                output.ReportDiagnostic(item.ToDiagnostic());
        });

        // 6. Render the four files of each valid spec, then add them.
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

/// <summary>A schema file and its shipped baseline, if the project has one.</summary>
internal sealed record SchemaWithBaseline(SchemaInput Schema, BaselineSpec? Baseline);
