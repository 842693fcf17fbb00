using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BuildTime = CallRules.Generator.Common;
using RunTime = CallRules.Runtime.Validation;

namespace CallRules.Generator.Tests;

/// <summary>
/// The rules in common/ are one source compiled twice: into the generator (netstandard2.0), which checks schema
/// defaults and patterns at build time, and into the runtime (net10.0), which checks definitions. A differential test
/// over generated values holds the two builds to the same answer for every value, so a default the build accepts is
/// never one that fails every definition at run time.
/// </summary>
public sealed class SharedRulesTests
{
    [Fact]
    public void Both_builds_agree_on_date_times_around_month_ends_leap_years_and_every_field_boundary()
    {
        var checkedValues = AssertAgree(RunTime.ValueFormats.DateTime, DateTimes());

        Assert.True(checkedValues > 50_000, $"only {checkedValues} date-times were generated");
    }

    [Fact]
    public void Both_builds_agree_on_utc_offsets_at_every_boundary()
    {
        var values = new List<string>();
        foreach (var sign in new[] { "", "+", "-", "−", "++" })
            foreach (var hours in Enumerable.Range(0, 17).SelectMany(h => new[] { h.ToString(CultureInfo.InvariantCulture), h.ToString("00", CultureInfo.InvariantCulture) }).Concat(["", "100", "7h", "0x"]).Distinct())
                foreach (var minutes in new[] { "", ":00", ":15", ":30", ":45", ":59", ":60", ":5", ":300", ":", ":3O" })
                    values.Add(sign + hours + minutes);

        AssertAgree(RunTime.ValueFormats.UtcOffset, values);
    }

    [Fact]
    public void Both_builds_agree_on_long_and_odd_time_zone_names()
    {
        var random = new Random(20250519);
        var values = new List<string> { "", "UTC", "utc", "US/Pacific", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "EST5EDT", "/UTC", "US/", "US//Pacific" };
        // Names of every length around the 64-character limit, in one part and in several.
        for (var length = 1; length <= 80; length++)
        {
            values.Add("A" + new string('b', length - 1));
            values.Add(("America/" + new string('x', Math.Max(0, length - 8)))[..length]);
        }
        // Random names over an alphabet of what is allowed and what is not.
        const string Alphabet = "AZaz09_-+/ .:ÄéΩ\t";
        for (var i = 0; i < 20_000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 72);
            for (var j = 0; j < length; j++)
                builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            values.Add(builder.ToString());
        }

        AssertAgree(RunTime.ValueFormats.TimeZone, values);
    }

    [Fact]
    public void Format_names_descriptions_and_unknown_formats_agree()
    {
        Assert.Equal(RunTime.ValueFormats.Names, BuildTime.ValueFormats.Names);
        foreach (var format in RunTime.ValueFormats.Names.Append("email"))
        {
            Assert.Equal(RunTime.ValueFormats.IsKnown(format), BuildTime.ValueFormats.IsKnown(format));
            Assert.Equal(RunTime.ValueFormats.Describe(format), BuildTime.ValueFormats.Describe(format));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => RunTime.ValueFormats.IsValid("email", "a@b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => BuildTime.ValueFormats.IsValid("email", "a@b"));
    }

    [Fact]
    public void Both_builds_suggest_the_same_candidate_for_generated_misspellings()
    {
        string[][] candidateLists =
        [
            ["UDP", "TCP", "TLS"],
            ["connection-address", "connection-orig-enabled", "connection-term-enabled", "connection-translation-source-number"],
            ["maxLength", "minLength", "pattern", "format", "minimum", "maximum"],
            ["date-time", "time-zone", "utc-offset"],
        ];
        var random = new Random(7);
        var checkedInputs = 0;
        foreach (var candidates in candidateLists)
        {
            foreach (var word in candidates)
            {
                foreach (var input in Misspellings(word, random))
                {
                    Assert.Equal(RunTime.Suggestions.Closest(input, candidates), BuildTime.Suggestions.Closest(input, candidates));
                    Assert.Equal(RunTime.Suggestions.Distance(input, word), BuildTime.Suggestions.Distance(input, word));
                    checkedInputs++;
                }
            }
        }
        Assert.True(checkedInputs > 1_000);
    }

    [Theory]
    [InlineData("[a-z]+", "abc", true)]
    [InlineData("[a-z]+", "abc1", false)]
    [InlineData("a|b", "ab", false)]
    [InlineData("a|b", "b", true)]
    [InlineData("~|\\*|[A-Za-z0-9._-]+", "example.com", true)]
    [InlineData("[0-9]{3}", "1234", false)]
    [InlineData("x", "x\n", false)]
    public void Both_builds_anchor_patterns_alike_and_match_the_whole_value(string pattern, string value, bool matches)
    {
        Assert.Equal(RunTime.SchemaPatterns.Anchor(pattern), BuildTime.SchemaPatterns.Anchor(pattern));
        Assert.Equal(RunTime.SchemaPatterns.AnchorForJsonSchema(pattern), BuildTime.SchemaPatterns.AnchorForJsonSchema(pattern));
        Assert.Equal(RunTime.SchemaPatterns.Options, BuildTime.SchemaPatterns.Options);
        Assert.Equal(matches, RunTime.SchemaPatterns.Create(pattern).IsMatch(value));
        Assert.Equal(matches, BuildTime.SchemaPatterns.IsMatch(value, pattern));
    }

    private static int AssertAgree(string format, IEnumerable<string> values)
    {
        var count = 0;
        var disagreements = new List<string>();
        foreach (var value in values)
        {
            count++;
            var runTime = RunTime.ValueFormats.IsValid(format, value);
            var buildTime = BuildTime.ValueFormats.IsValid(format, value);
            if (runTime != buildTime && disagreements.Count < 10)
                disagreements.Add($"'{value}': run time {runTime}, build time {buildTime}");
        }
        Assert.True(disagreements.Count == 0, $"The builds disagree on {format}:\n" + string.Join("\n", disagreements));
        return count;
    }

    private static IEnumerable<string> DateTimes()
    {
        int[] years = [0, 1, 99, 1600, 1900, 2000, 2023, 2024, 2025, 2100, 9999];
        int[] days = [0, 1, 28, 29, 30, 31, 32];
        string[] times = ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "2:41:11", "02:41:1"];
        string[] separators = [" ", "T", "t", "X"];
        string[] suffixes = ["", "Z", "z", "+02:00", "-14:00", "+2:00", "+02", ".5", ".1234567", ".12345678", ".5Z", ".5+05:30", " "];
        foreach (var year in years)
            foreach (var month in Enumerable.Range(0, 14))
                foreach (var day in days)
                    foreach (var time in times)
                        foreach (var separator in separators)
                            foreach (var suffix in suffixes)
                                yield return $"{year:0000}-{month:00}-{day:00}{separator}{time}{suffix}";
        yield return "2025-05-19";
        yield return "19/05/2025 02:41:11";
        yield return "2025-o5-19 02:41:11";
        yield return "";
    }

    private static IEnumerable<string> Misspellings(string word, Random random)
    {
        yield return word;
        yield return word.ToUpperInvariant();
        yield return word.ToLowerInvariant();
        yield return "";
        for (var i = 0; i < 80; i++)
        {
            var chars = word.ToList();
            var edits = random.Next(1, 5);
            for (var e = 0; e < edits && chars.Count > 0; e++)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(4))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, (char)('a' + random.Next(26))); break;
                    case 2: chars[at] = (char)('a' + random.Next(26)); break;
                    default:
                        if (at + 1 < chars.Count) (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                        break;
                }
            }
            yield return new string(chars.ToArray());
        }
    }
}
