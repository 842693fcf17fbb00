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
    public void The_last_key_field_the_pattern_decides_across_every_domain()
    {
        // A tenant's subnet wildcard, with a long domain name, never comes before another tenant's exact host.
        var keys = new[]
        {
            new DefinitionKey("a-tenant-with-a-long-name.example", "sip*@10.1.2.*"),
            new DefinitionKey("b.example", "sip*@10.1.2.3"),
            new DefinitionKey("*", "a"),
        }.Order().Select(k => k.SectionName).ToArray();
        Assert.Equal(["*/a", "b.example/sip*@10.1.2.3", "a-tenant-with-a-long-name.example/sip*@10.1.2.*"], keys);
    }

    [Fact]
    public void The_same_pattern_in_two_domains_is_ordered_by_the_domain_as_a_pattern()
    {
        var keys = new[] { new DefinitionKey("*", "1555*"), new DefinitionKey("a.example", "1555*"), new DefinitionKey("example.com", "1555*") }
            .Order().Select(k => k.Values[0]).ToArray();
        Assert.Equal(["example.com", "a.example", "*"], keys);
        Assert.Equal(0, DefinitionKey.ComparePatterns("1555*", "1555*"));
    }

    [Fact]
    public void Ascii_case_is_folded_for_specificity_and_then_breaks_ties_in_code_point_order()
    {
        Assert.Equal(0, DefinitionKey.ComparePatterns("SIP*@Trunk.Example", "sip*@trunk.example"));
        var keys = new[] { new DefinitionKey("d", "sip*@b"), new DefinitionKey("d", "SIP*@A"), new DefinitionKey("d", "sip*@a") }
            .Order().Select(k => k.Values[1]).ToArray();
        Assert.Equal(["SIP*@A", "sip*@a", "sip*@b"], keys);
    }

    [Fact]
    public void Characters_beyond_the_basic_plane_count_once_and_sort_in_code_point_order()
    {
        // One scalar value each: U+1F600 is two UTF-16 units but one literal character, and sorts after U+FF01
        // (UTF-16 unit order would put it first), as the SIP server's Python does.
        Assert.Equal(["\uFF01*", "\U0001F600*"], Sorted("\U0001F600*", "\uFF01*"));
        Assert.Equal(["ab*", "\U0001F600*"], Sorted("\U0001F600*", "ab*"));
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
    private static readonly string[] s_values = ["", "*", "a", "A", "a*", "*a", "ab", "b", "sip*@192.0.2.10", "SIP*@192.0.2.10", "sip*@192.0.2.*", "1555*", "x/y", "\U0001F600"];

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
