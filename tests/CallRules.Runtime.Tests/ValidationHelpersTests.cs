using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Tests;

public class ValidationHelpersTests
{
    [Theory]
    [InlineData("UPD", "UDP")]
    [InlineData("udp", "UDP")]
    [InlineData("TSL", "TLS")]
    [InlineData("xyz", null)]
    public void Did_you_mean_finds_a_near_miss_and_nothing_for_a_far_one(string input, string? expected)
    {
        Assert.Equal(expected, Suggestions.Closest(input, ["UDP", "TCP", "TLS"]));
    }

    [Theory]
    [InlineData(ValueFormats.DateTime, "2025-05-19 02:41:11", true)]
    [InlineData(ValueFormats.DateTime, "2025-05-19T02:41:11+02:00", true)]
    [InlineData(ValueFormats.DateTime, "19/05/2025 02:41", false)]
    [InlineData(ValueFormats.DateTime, "2025-05-19T02:41:11", true)]
    [InlineData(ValueFormats.DateTime, "2024-02-29 23:59:59", true)]
    [InlineData(ValueFormats.DateTime, "2025-02-29 00:00:00", false)]
    [InlineData(ValueFormats.DateTime, "2025-13-01 00:00:00", false)]
    [InlineData(ValueFormats.DateTime, "2025-05-19 24:00:00", false)]
    [InlineData(ValueFormats.DateTime, "2025-05-19 02:60:00", false)]
    [InlineData(ValueFormats.DateTime, "0000-01-01 00:00:00", false)]
    [InlineData(ValueFormats.DateTime, "2025-05-19X02:41:11", false)]
    [InlineData(ValueFormats.DateTime, "2025-o5-19 02:41:11", false)]
    [InlineData(ValueFormats.TimeZone, "America/Argentina/Buenos_Aires", true)]
    [InlineData(ValueFormats.TimeZone, "US//Pacific", false)]
    [InlineData(ValueFormats.TimeZone, "/UTC", false)]
    [InlineData(ValueFormats.TimeZone, "US/", false)]
    [InlineData(ValueFormats.TimeZone, "US/Pac ific", false)]
    [InlineData(ValueFormats.TimeZone, "US/Pacific", true)]
    [InlineData(ValueFormats.TimeZone, "UTC", true)]
    [InlineData(ValueFormats.TimeZone, "pacific", false)]
    [InlineData(ValueFormats.UtcOffset, "-7", true)]
    [InlineData(ValueFormats.UtcOffset, "+5:30", true)]
    [InlineData(ValueFormats.UtcOffset, "+15", false)]
    [InlineData(ValueFormats.UtcOffset, "-07:10", false)]
    public void Value_formats_accept_what_they_describe_and_nothing_else(string format, string value, bool valid)
    {
        Assert.Equal(valid, ValueFormats.IsValid(format, value));
    }

    [Theory]
    [InlineData("plain ascii [x]=#;", -1)]
    [InlineData("tab\there", 3)]
    [InlineData("nel\u0085", 3)]
    [InlineData("ok😀", -1)]
    public void Forbidden_characters_are_found_at_their_index(string value, int index)
    {
        Assert.Equal(index, CallRuleText.IndexOfForbidden(value));
    }

    [Fact]
    public void An_unpaired_surrogate_is_forbidden_wherever_it_stands()
    {
        // Built in code: xunit's theory data would not carry a lone surrogate through intact.
        Assert.Equal(4, CallRuleText.IndexOfForbidden("lone" + (char)0xD800));
        Assert.Equal(0, CallRuleText.IndexOfForbidden((char)0xDC00 + "x"));
        Assert.Equal(1, CallRuleText.IndexOfForbidden("a" + (char)0xD800 + "b"));
    }
}
