using CallRules.Generator.Parsing;
using CallRules.Runtime.Validation;

namespace CallRules.Generator.Tests;

/// <summary>
/// The generator checks schema defaults with its own copy of the runtime's rules (it targets netstandard2.0 and
/// cannot reference the runtime): the two must agree, or a default could pass the build and fail every definition.
/// </summary>
public sealed class SharedRulesTests
{
    [Theory]
    [InlineData("date-time", "2025-05-19 02:41:11")]
    [InlineData("date-time", "2025-05-19T02:41:11")]
    [InlineData("date-time", "2025-05-19T02:41:11Z")]
    [InlineData("date-time", "2025-05-19T02:41:11.5+02:00")]
    [InlineData("date-time", "2025-05-19")]
    [InlineData("date-time", "19/05/2025 02:41:11")]
    [InlineData("date-time", "2025-05-19 2:41:11")]
    [InlineData("time-zone", "US/Pacific")]
    [InlineData("time-zone", "America/Argentina/Buenos_Aires")]
    [InlineData("time-zone", "Etc/GMT+5")]
    [InlineData("time-zone", "UTC")]
    [InlineData("time-zone", "EST5EDT")]
    [InlineData("time-zone", "pacific")]
    [InlineData("time-zone", "US//Pacific")]
    [InlineData("time-zone", "US/Pac ific")]
    [InlineData("time-zone", "")]
    [InlineData("utc-offset", "-7")]
    [InlineData("utc-offset", "+5:30")]
    [InlineData("utc-offset", "-07:00")]
    [InlineData("utc-offset", "14")]
    [InlineData("utc-offset", "+14:45")]
    [InlineData("utc-offset", "-12")]
    [InlineData("utc-offset", "-13")]
    [InlineData("utc-offset", "+5:15")]
    [InlineData("utc-offset", "7h")]
    public void Build_time_and_run_time_format_checks_agree(string format, string value)
    {
        Assert.Equal(ValueFormats.IsValid(format, value), FormatChecks.IsValid(format, value));
    }

    [Theory]
    [InlineData("UPD", new[] { "UDP", "TCP", "TLS" })]
    [InlineData("udp", new[] { "UDP", "TCP", "TLS" })]
    [InlineData("SCTP", new[] { "UDP", "TCP", "TLS" })]
    [InlineData("conection-address", new[] { "connection-address", "connection-orig-enabled" })]
    [InlineData("maxLenght", new[] { "maxLength", "minLength", "pattern" })]
    [InlineData("x", new[] { "maxLength", "minLength" })]
    public void Build_time_and_run_time_suggestions_agree(string input, string[] candidates)
    {
        var atRunTime = Suggestions.Closest(input, candidates);
        var atBuildTime = Naming.DidYouMean(input, candidates);

        Assert.Equal(atRunTime is null ? "" : $"; did you mean '{atRunTime}'?", atBuildTime);
    }
}
