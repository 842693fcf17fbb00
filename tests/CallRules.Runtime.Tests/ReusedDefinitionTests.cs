using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Tests.TestDoubles;
using static CallRules.Runtime.Tests.TestSupport;

namespace CallRules.Runtime.Tests;

/// <summary>
/// The pipeline's workers read every definition into one instance (<c>ReadJson</c> with <c>reuse</c>): nothing of a
/// definition may be seen in the next one, neither a value nor a position nor a rejected field.
/// </summary>
public class ReusedDefinitionTests
{
    private const string Full =
        "{\"zone\": \"full\", \"pattern\": \"1\", \"mode\": \"TLS\", \"limit\": 5, \"note\": \"kept?\", \"password\": \"s3cret\"}";

    [Fact]
    public void A_definition_read_into_a_used_instance_equals_one_read_into_a_new_instance_in_every_field()
    {
        var sparse = "{\n  \"pattern\": \"2\",\n  \"limit\": \"x\"\n}";
        var fresh = Read(sparse, reuse: null, out var freshErrors);
        var reused = Read(Full, reuse: null, out _);
        Assert.Same(reused, Read(sparse, reused, out var reusedErrors));

        // Every instance field the type has, so a member added to the generated type later is covered too.
        foreach (var field in typeof(TestTrunk).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType == typeof(DefinitionSource)) continue;
            Assert.True(Equals(field.GetValue(fresh), field.GetValue(reused)), field.Name);
        }
        Assert.Equal(freshErrors.Select(e => e.ToString()), reusedErrors.Select(e => e.ToString()));
        Assert.Contains(reusedErrors, e => e.Code == ErrorCodes.MissingRequired && e.Field == "zone");
        for (var i = 0; i < TestTrunk.Schema.Fields.Count; i++)
        {
            Assert.Equal(fresh.Source!.PositionOf(i), reused.Source!.PositionOf(i));
            Assert.Equal(fresh.Source.WasRejected(i), reused.Source.WasRejected(i));
        }
        Assert.Equal(fresh.Source!.Start, reused.Source!.Start);
    }

    [Fact]
    public void An_error_in_a_definition_after_a_full_one_is_reported_and_no_value_reaches_the_next_section()
    {
        // One worker: the same instance reads all three. The second lacks 'pattern' (a leak would hide the error); the
        // third, valid, must get the default transport and no limit, note or password from the first.
        var json = "[" + Full + ",\n{\"zone\": \"z\", \"limit\": \"x\"},\n" + Trunk("bare", "3") + "]";
        var result = Compile(new CompileOptions { Parallelism = 1 }, File("a.json", json));
        Assert.Equal(
        [
            "a.json(2,1): error CR1004: 'pattern' is required; set it to a non-empty string.",
            "a.json(2,15): error CR1003: 'limit' must be a whole number: a JSON number such as 30, or a string of digits such as \"30\"; got the string \"x\".",
        ], ErrorLines(result));

        var valid = Compile(new CompileOptions { Parallelism = 1 }, File("a.json", "[" + Full + ",\n" + Trunk("bare", "3") + "]"));
        var text = Text(valid);
        Assert.Equal(
            "[full/1]\nZone=full\nMatch=1\nTransport=tls\nLimit=5\nNote=kept?\nPassword=s3cret\n\n[bare/3]\nZone=bare\nMatch=3\nTransport=udp\n",
            text[text.IndexOf("\n[", StringComparison.Ordinal)..].TrimStart('\n'));
    }

    private static TestTrunk Read(string json, TestTrunk? reuse, out List<DefinitionError> errors)
    {
        errors = [];
        var bytes = Encoding.UTF8.GetBytes(json);
        var context = new JsonReadContext("t.json", errors);
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var definition = TestTrunk.ReadJson(ref reader, context, reuse);
        definition.Validate(errors);
        return definition;
    }
}
