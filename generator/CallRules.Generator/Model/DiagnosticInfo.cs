using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Model;

/// <summary>
/// A diagnostic as plain data: its descriptor, where it is, and the message arguments. Equatable (a descriptor is
/// immutable and compares by value), so a schema edit that leaves the diagnostics alike re-reports nothing new; the
/// descriptor travels with it, so reporting never looks one up.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Descriptor,
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            messageArgs: System.Linq.Enumerable.ToArray<object>(Arguments));
}
