using System.Collections.Generic;
using System.Text.Json;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime;

/// <summary>
/// The contract between generated definition types and the runtime: the generator implements it for
/// each schema, and the compile pipeline works over it without knowing any field.
/// </summary>
/// <typeparam name="TSelf">The generated definition type.</typeparam>
public interface IDefinition<TSelf> where TSelf : class, IDefinition<TSelf>
{
    /// <summary>What the schema says, as data.</summary>
    static abstract DefinitionSchema Schema { get; }

    /// <summary>
    /// Reads one definition. The reader is on the object's <see cref="JsonTokenType.StartObject"/> and is
    /// left on its <see cref="JsonTokenType.EndObject"/>. Problems (unknown or duplicate properties, values of the
    /// wrong type or not allowed) go to <paramref name="context"/>; what could be read is returned, so validation can
    /// report the rest.
    /// </summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader, JsonReadContext context);

    /// <summary>
    /// Reads one definition as <see cref="ReadJson(ref Utf8JsonReader, JsonReadContext)"/> does, into
    /// <paramref name="reuse"/> (every property unset first) or, when it is null, into a new instance, and returns it.
    /// For a reader of many definitions that is done with each before it reads the next, as the compile pipeline's
    /// workers are: they validate and write each definition and keep no reference to it, so one instance per worker
    /// serves every definition and reading allocates only the values. Whatever held <paramref name="reuse"/> before sees
    /// it change.
    /// </summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader, JsonReadContext context, TSelf? reuse);

    /// <summary>Writes the definition as canonical JSON: set fields only, in schema order.</summary>
    static abstract void WriteJson(Utf8JsonWriter writer, TSelf definition);

    /// <summary>Where the definition was read from; null when it was built in code.</summary>
    DefinitionSource? Source { get; }

    /// <summary>The values of the key fields, which name the definition's call-rule section.</summary>
    DefinitionKey Key { get; }

    /// <summary>Checks every constraint of the schema and adds one error per problem.</summary>
    void Validate(ICollection<DefinitionError> errors);

    /// <summary>Writes the definition's section: its name, then one rule per field with a call-rule key.</summary>
    void WriteCallRules(CallRuleWriter writer);

    /// <summary>
    /// Adds to <paramref name="origins"/>, for each field with a call-rule key and in the order
    /// <see cref="WriteCallRules"/> writes them, where its line's value comes from: the field, a field it takes its
    /// default from, a literal default, or nothing (the line is not written). Used by <c>callrules explain</c>.
    /// </summary>
    void ExplainCallRules(ICollection<CallRuleOrigin> origins);
}
