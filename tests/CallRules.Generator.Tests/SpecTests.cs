using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using CallRules.Generator.Model;
using CallRules.Generator.Parsing;
using CallRules.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Tests;

/// <summary>
/// The spec that flows down the pipeline is plain, equatable data: no Roslyn object in it (which would defeat
/// caching and keep compilations alive), and two parses of the same text give equal specs.
/// </summary>
public sealed class SpecTests
{
    [Fact]
    public void Connection_spec_holds_no_roslyn_object()
    {
        var spec = ParseConnection();

        var visited = ObjectGraph.AssertNoRoslynObjects(spec);

        // The walk reached the fields, the enums and their members, not just the root.
        Assert.Contains(visited, o => o is FieldSpec { WireName: "connection-custom-p-asserted-id-format" });
        Assert.Contains(visited, o => o is EnumMemberSpec { WireValue: "optional", CallRuleValue: "none" });
    }

    [Fact]
    public void Spec_types_declare_no_roslyn_type_anywhere_in_their_members()
    {
        foreach (var type in new[] { typeof(SchemaSpec), typeof(FieldSpec), typeof(EnumSpec), typeof(EnumMemberSpec), typeof(RemovedSpec) })
            ObjectGraph.AssertNoRoslynTypes(type);
    }

    [Fact]
    public void Baseline_spec_holds_no_roslyn_object_and_the_schema_keeps_every_field_it_promises()
    {
        // The committed baseline was written from the schema (callrules baseline): read back, it is plain data, and
        // every field it promises is still in the schema as promised, in the same order. The schema may have gained
        // fields since: a new optional field leaves the baseline as it is until the next release (README, "Adding a
        // field"), so this is not an equality.
        var text = System.IO.File.ReadAllText(RepositoryFiles.PathOf("schema/connection.schema.shipped.json"));
        var baseline = SchemaParser.Parse("connection.schema.shipped.json", SourceText.From(text), null, CancellationToken.None);

        Assert.Empty(baseline.Diagnostics);
        ObjectGraph.AssertNoRoslynObjects(baseline.Spec!);
        Assert.Equal(baseline.Spec, SchemaParser.Parse("connection.schema.shipped.json", SourceText.From(text), null, CancellationToken.None).Spec);
        var promised = SchemaParser.ContractOf(baseline.Spec!).Fields.Select(f => (f.Name, f.Property, f.Type, f.CallRule, f.Default)).ToList();
        var current = SchemaParser.ContractOf(ParseConnection()).Fields.Select(f => (f.Name, f.Property, f.Type, f.CallRule, f.Default)).ToList();
        Assert.True(promised.Count > 40, $"Expected the connection schema's fields in the baseline, found {promised.Count}.");
        Assert.Equal(promised, current.Where(promised.Contains));
    }

    [Fact]
    public void Object_graph_walk_catches_a_roslyn_object()
    {
        // The guard itself: a graph with a TextSpan inside must fail, or the tests above prove nothing.
        var graph = new List<object> { "plain", new[] { new TextSpan(0, 1) } };

        Assert.ThrowsAny<Exception>(() => ObjectGraph.AssertNoRoslynObjects(graph));
    }

    [Fact]
    public void Two_parses_of_the_same_text_give_equal_specs_with_equal_hash_codes()
    {
        var first = ParseConnection();
        var second = ParseConnection();

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(first.Fields.GetHashCode(), second.Fields.GetHashCode());
    }

    [Fact]
    public void Schema_edit_that_changes_meaning_gives_an_unequal_spec()
    {
        var text = RepositoryFiles.ConnectionSchema;
        var original = SchemaParser.Parse("connection.schema.json", SourceText.From(text), null, CancellationToken.None).Spec!;
        var edited = SchemaParser.Parse("connection.schema.json", SourceText.From(text.Replace("\"callRule\": \"PAId\"", "\"callRule\": \"PAssertedId\"")), null, CancellationToken.None).Spec!;

        Assert.NotEqual(original, edited);
        Assert.Equal("PAssertedId", edited.Fields.Single(f => f.WireName == "connection-custom-p-asserted-id-format").CallRule);
    }

    [Fact]
    public void Spec_keeps_the_schema_file_name_but_not_its_folder()
    {
        var inRepo = SchemaParser.Parse("/home/someone/src/schema/connection.schema.json", SourceText.From(RepositoryFiles.ConnectionSchema), null, CancellationToken.None).Spec!;
        var elsewhere = SchemaParser.Parse(@"C:\build\connection.schema.json", SourceText.From(RepositoryFiles.ConnectionSchema), null, CancellationToken.None).Spec!;

        Assert.Equal("connection.schema.json", inRepo.SchemaFileName);
        Assert.Equal(inRepo, elsewhere);
    }

    private static SchemaSpec ParseConnection()
    {
        var result = SchemaParser.Parse("schema/connection.schema.json", SourceText.From(RepositoryFiles.ConnectionSchema), null, CancellationToken.None);
        Assert.Empty(result.Diagnostics);
        return result.Spec!;
    }

    /// <summary>Walks objects by reflection over every field, failing on anything from Microsoft.CodeAnalysis.</summary>
    private static class ObjectGraph
    {
        public static List<object> AssertNoRoslynObjects(object root)
        {
            var visited = new List<object>();
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            Walk(root, "spec", seen, visited);
            return visited;
        }

        public static void AssertNoRoslynTypes(Type type) => WalkType(type, type.Name, new HashSet<Type>());

        private static void Walk(object? value, string path, HashSet<object> seen, List<object> visited)
        {
            if (value is null) return;
            var type = value.GetType();
            Assert.False(IsRoslyn(type), $"The spec holds a Roslyn object at {path}: {type.FullName}");
            if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
            if (!type.IsValueType && !seen.Add(value)) return;
            visited.Add(value);
            if (value is Array array)
            {
                var i = 0;
                foreach (var item in array)
                    Walk(item, $"{path}[{i++}]", seen, visited);
                return;
            }
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    Walk(field.GetValue(value), $"{path}.{field.Name}", seen, visited);
            }
        }

        private static void WalkType(Type type, string path, HashSet<Type> seen)
        {
            Assert.False(IsRoslyn(type), $"A spec member has a Roslyn type at {path}: {type.FullName}");
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string)) return;
            if (type.IsArray) { WalkType(type.GetElementType()!, path + "[]", seen); return; }
            if (type.IsGenericType)
                foreach (var argument in type.GetGenericArguments())
                    WalkType(argument, $"{path}<{argument.Name}>", seen);
            if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return;
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                WalkType(field.FieldType, $"{path}.{field.Name}", seen);
        }

        private static bool IsRoslyn(Type type) =>
            type.Assembly.GetName().Name?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
            || type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true;
    }
    [Fact]
    public void Escaped_and_plain_strings_in_a_schema_read_as_their_text()
    {
        const string schema = """
            {
              "name": "Gateway",
              "namespace": "Example.Gateways",
              "description": "Caf\u00e9 \"trunks\" \\ more",
              "key": ["host"],
              "fields": [ { "name": "host", "type": "string", "required": true, "description": "plain" } ]
            }
            """;

        var spec = SchemaParser.Parse("gateway.schema.json", SourceText.From(schema), null, CancellationToken.None).Spec!;

        Assert.Equal("Café \"trunks\" \\ more", spec.Description);
        Assert.Equal("plain", spec.Fields[0].Description);
    }
}
