using System;
using System.Collections.Generic;
using System.Text.Json;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Tests.TestDoubles;

/// <summary>
/// The generated <see cref="TestTrunk"/> (TestDoubles/test-trunk.schema.json) with the two things generated code never
/// does, for the tests of the pipeline's handling of them: a definition that reports a warning (a <c>limit</c> of 0,
/// <see cref="ZeroLimitWarning"/>), and a bug in <see cref="WriteCallRules"/> (a <c>note</c> of
/// <see cref="ThrowingNote"/>). Everything else is the generated type's own: reading, writing, validation, call rules.
/// </summary>
public sealed class HookedTrunk : IDefinition<HookedTrunk>
{
    /// <summary>The warning code of a limit of 0.</summary>
    public const string ZeroLimitWarning = "TEST0001";

    /// <summary>A note that makes <see cref="WriteCallRules"/> throw, standing in for a bug in generated code.</summary>
    public const string ThrowingNote = "test double: throw while writing";

    private HookedTrunk(TestTrunk generated) => Generated = generated;

    /// <summary>The generated definition this one adds the hooks to.</summary>
    public TestTrunk Generated { get; }

    /// <inheritdoc/>
    public static DefinitionSchema Schema => TestTrunk.Schema;

    /// <inheritdoc/>
    public DefinitionSource? Source => Generated.Source;

    /// <inheritdoc/>
    public DefinitionKey Key => Generated.Key;

    /// <inheritdoc/>
    public static HookedTrunk ReadJson(ref Utf8JsonReader reader, JsonReadContext context) =>
        new(TestTrunk.ReadJson(ref reader, context));

    /// <inheritdoc/>
    public static HookedTrunk ReadJson(ref Utf8JsonReader reader, JsonReadContext context, HookedTrunk? reuse)
    {
        if (reuse is null) return ReadJson(ref reader, context);
        TestTrunk.ReadJson(ref reader, context, reuse.Generated);
        return reuse;
    }

    /// <inheritdoc/>
    public static void WriteJson(Utf8JsonWriter writer, HookedTrunk definition) => TestTrunk.WriteJson(writer, definition.Generated);

    /// <inheritdoc/>
    public void Validate(ICollection<DefinitionError> errors)
    {
        Generated.Validate(errors);
        if (Generated.Limit is 0)
        {
            const int limit = TestTrunk.FieldIndex.Limit;
            errors.Add(new DefinitionError(ZeroLimitWarning, "'limit' is 0: every call will be refused.", "limit",
                Source?.PathOf("limit"), Source?.File, Source?.PositionOf(limit) ?? default, Severity.Warning));
        }
    }

    /// <inheritdoc/>
    public void WriteCallRules(CallRuleWriter writer)
    {
        if (Generated.Note == ThrowingNote) throw new InvalidOperationException("A bug in the test double's WriteCallRules.");
        Generated.WriteCallRules(writer);
    }

    public void ExplainCallRules(ICollection<CallRuleOrigin> origins) => Generated.ExplainCallRules(origins);
}
