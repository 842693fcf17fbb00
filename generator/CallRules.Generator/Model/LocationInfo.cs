using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Model;

/// <summary>
/// A place in a schema file, as plain data: a path and spans, which compare by value. It becomes a Roslyn
/// <see cref="Location"/> only when a diagnostic is reported, so no Roslyn object flows down the pipeline.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
