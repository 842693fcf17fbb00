using CallRules.Generator.Model;

namespace CallRules.Generator.Emitting;

/// <summary>The files generated for one spec, and any rendering failure as a diagnostic.</summary>
internal sealed record RenderResult(EquatableArray<GeneratedFile> Files, EquatableArray<DiagnosticInfo> Diagnostics);
