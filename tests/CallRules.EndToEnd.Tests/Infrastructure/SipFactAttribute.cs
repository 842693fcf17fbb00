using Xunit;

namespace CallRules.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that needs Kamailio and SIPp. Where either is missing from PATH the test is skipped, saying
/// which, unless <c>CALLRULES_REQUIRE_SIP=1</c>: then it runs, and fails with a message that says what to
/// install. (xunit 2 cannot skip at run time, so the decision is made here, at discovery.)
/// </summary>
public sealed class SipFactAttribute : FactAttribute
{
    public SipFactAttribute() => Skip = SipSkip.Reason();
}

/// <summary>The data-driven form of <see cref="SipFactAttribute"/>.</summary>
public sealed class SipTheoryAttribute : TheoryAttribute
{
    public SipTheoryAttribute() => Skip = SipSkip.Reason();
}

internal static class SipSkip
{
    public static string? Reason()
    {
        if (SipTools.Required) return null;
        var missing = SipTools.MissingTools();
        return missing.Count == 0
            ? null
            : $"{string.Join(" and ", missing)} not on PATH: install with samples/kamailio/install-deps.sh " +
              $"(set {SipTools.RequireVariable}=1 to make this a failure instead of a skip)";
    }
}
