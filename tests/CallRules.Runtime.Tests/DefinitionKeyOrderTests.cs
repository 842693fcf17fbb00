using System.Linq;

namespace CallRules.Runtime.Tests;

public class DefinitionKeyOrderTests
{
    private static string[] Sorted(params string[] patterns) =>
        patterns.Select(p => new DefinitionKey("example.com", p)).Order().Select(k => k.Values[1]).ToArray();

    [Fact]
    public void A_pattern_without_wildcard_comes_before_any_pattern_with_one()
    {
        Assert.Equal(["a", "sip*@192.0.2.10"], Sorted("sip*@192.0.2.10", "a"));
    }

    [Fact]
    public void Among_wildcard_patterns_more_literal_characters_come_first()
    {
        Assert.Equal(["sip*@192.0.2.10", "sip*@192.0.2.*", "*"], Sorted("*", "sip*@192.0.2.*", "sip*@192.0.2.10"));
    }

    [Fact]
    public void With_as_many_literal_characters_fewer_wildcards_come_first_then_ordinal_order()
    {
        Assert.Equal(["ab*", "a*b*", "b*a*"], Sorted("b*a*", "a*b*", "ab*"));
    }

    [Fact]
    public void The_first_key_field_decides_before_the_second()
    {
        var keys = new[] { new DefinitionKey("*", "a"), new DefinitionKey("example.com", "*") }.Order().ToArray();
        Assert.Equal("example.com/*", keys[0].SectionName);
    }

    [Fact]
    public void Equal_keys_compare_as_zero_and_equal()
    {
        var a = new DefinitionKey("example.com", "sip*@192.0.2.10");
        var b = new DefinitionKey("example.com", "sip*@192.0.2.10");
        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}

public class CompactKeyTests
{
    private static readonly string[] s_values = ["", "*", "a", "a*", "*a", "ab", "b", "sip*@192.0.2.10", "sip*@192.0.2.*", "1555*", "x/y"];

    [Fact]
    public void The_pipeline_key_orders_and_compares_exactly_like_DefinitionKey_for_one_two_and_three_fields()
    {
        var random = new System.Random(3);
        var pool = new System.Collections.Generic.Dictionary<string, string>(System.StringComparer.Ordinal);
        for (var i = 0; i < 3000; i++)
        {
            var fields = 1 + i % 3;
            var a = new DefinitionKey(Enumerable.Range(0, fields).Select(_ => s_values[random.Next(s_values.Length)]).ToArray());
            var b = new DefinitionKey(Enumerable.Range(0, fields).Select(_ => s_values[random.Next(s_values.Length)]).ToArray());
            var ca = Pipeline.CompactKey.From(a, pool, 2, out var completeA);
            var cb = Pipeline.CompactKey.From(b, pool, 2, out _);
            Assert.Equal(System.Math.Sign(a.CompareTo(b)), System.Math.Sign(Pipeline.CompactKey.Compare(ca, cb)));
            Assert.Equal(a.Equals(b), ca.Equals(cb));
            Assert.Equal(a, ca.ToDefinitionKey());
            Assert.Equal(!a.Values.ToArray().Contains(""), completeA);
        }
    }
}
