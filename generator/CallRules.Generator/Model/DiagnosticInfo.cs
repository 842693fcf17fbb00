using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Model;

/// <summary>
/// A diagnostic as plain data: the descriptor's ID (looked up at report time), where it is, and the message
/// arguments. Equatable, so a schema edit that leaves the diagnostics alike re-reports nothing new.
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            messageArgs: System.Linq.Enumerable.ToArray<object>(Arguments));
}
