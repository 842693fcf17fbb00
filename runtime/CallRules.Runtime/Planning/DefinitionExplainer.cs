using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;

namespace CallRules.Runtime.Planning;

/// <summary>One call-rule line of a definition and where its value comes from.</summary>
/// <param name="Key">The call-rule key.</param>
/// <param name="Value">The value written, or null when the line is not written or the field is a secret.</param>
/// <param name="Kind">Where the value comes from.</param>
/// <param name="Field">The field the line is for.</param>
/// <param name="From">
/// The field whose value is written: <paramref name="Field"/> when set, the field it takes its default from, the field
/// whose literal default applies; null when the line is not written.
/// </param>
/// <param name="File">The file that sets <paramref name="From"/> (set or <c>defaultFrom</c>); null for a literal default.</param>
/// <param name="Position">Where <paramref name="From"/> is set in <paramref name="File"/>.</param>
/// <param name="WireValue">The value as a definition file writes it, before any value map; null for a secret or an unwritten line.</param>
/// <param name="Secret">Whether the value is a secret (the field, or the field it comes from, is marked secret): never shown.</param>
public sealed record RuleExplanation(string Key, string? Value, CallRuleOriginKind Kind, FieldInfo Field, FieldInfo? From,
    string? File, SourcePosition Position, string? WireValue, bool Secret)
{
    /// <summary>Whether a value map changed the value on its way to the call rules (<see cref="WireValue"/> → <see cref="Value"/>).</summary>
    public bool IsMapped => WireValue is not null && Value is not null && !string.Equals(WireValue, Value, StringComparison.Ordinal);
}

/// <summary>A definition's call-rule section, line by line, with where each value comes from.</summary>
/// <param name="Section">The section name.</param>
/// <param name="File">The file the definition is in.</param>
/// <param name="Start">The position of the definition's opening brace.</param>
/// <param name="Rules">Every field with a call-rule key, in the order the section writes them, those not written included.</param>
public sealed record DefinitionExplanation(string Section, string? File, SourcePosition Start, IReadOnlyList<RuleExplanation> Rules);

/// <summary>
/// Explains a definition's call rules: for each line, whether the definition sets the value, takes it from another field
/// (<c>defaultFrom</c>), or gets the schema's literal default, and whether a value map changed it. The origins come from
/// generated code (<see cref="IDefinition{TSelf}.ExplainCallRules"/>), which follows the same expressions that write the
/// lines; the values come from the section <see cref="IDefinition{TSelf}.WriteCallRules"/> writes, so what is explained
/// is byte for byte what compile writes.
/// </summary>
public static class DefinitionExplainer<T> where T : class, IDefinition<T>
{
    /// <summary>
    /// Reads <paramref name="inputs"/> (already validated: problems are ignored) and returns the definition whose section is
    /// named <paramref name="section"/>, or null; <paramref name="sectionNames"/> receives every section name read, for a
    /// did-you-mean.
    /// </summary>
    public static T? Find(IReadOnlyList<DefinitionInput> inputs, string section, ICollection<string> sectionNames,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sectionNames);
        var options = new CompileOptions();
        var framer = new DefinitionFramer(options.MaxDefinitionBytes, options.MaxDepth);
        var ignored = new List<DefinitionError>();
        T? found = null;
        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = new JsonReadContext(input.Name, ignored);
            using var stream = input.Open();
            framer.Read(stream, input.Name, (json, start, index) =>
            {
                ignored.Clear();
                // The framer lends its buffer only for the call; the reader's source positions need the bytes to stay.
                var bytes = json.ToArray();
                context.Reset(bytes, start, index < 0 ? JsonPaths.Root : JsonPaths.Element(JsonPaths.Root, index));
                var reader = new Utf8JsonReader(bytes, JsonReadContext.ReaderOptions);
                reader.Read();
                var definition = T.ReadJson(ref reader, context);
                var name = definition.Key.SectionName;
                sectionNames.Add(name);
                if (found is null && string.Equals(name, section, StringComparison.Ordinal)) found = definition;
            }, ignored, cancellationToken);
        }
        return found;
    }

    /// <summary>Explains <paramref name="definition"/>'s call-rule section.</summary>
    /// <exception cref="InvalidOperationException">The generated origins do not match the lines written (a generator bug).</exception>
    public static DefinitionExplanation Explain(T definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var schema = T.Schema;
        var buffer = new ArrayBufferWriter<byte>();
        definition.WriteCallRules(new CallRuleWriter(buffer));
        var written = CallRuleDocument.Parse(buffer.WrittenSpan).Sections[0];
        var origins = new List<CallRuleOrigin>(schema.Fields.Count);
        definition.ExplainCallRules(origins);

        var rules = new List<RuleExplanation>(origins.Count);
        var line = 0;
        foreach (var origin in origins)
        {
            var field = schema.Fields[origin.Field];
            var key = field.CallRule ?? throw new InvalidOperationException($"Field '{field.Name}' has no call-rule key but was explained.");
            if (origin.Kind == CallRuleOriginKind.NotWritten)
            {
                rules.Add(new RuleExplanation(key, null, origin.Kind, field, null, null, SourcePosition.None, null, field.Secret));
                continue;
            }
            if (line >= written.Rules.Count || !string.Equals(written.Rules[line].Key, key, StringComparison.Ordinal))
                throw new InvalidOperationException($"The explanation of '{key}' does not match the call rules written (line {line + 1} of the section).");
            var value = written.Rules[line++].Value;
            var from = schema.Fields[origin.From];
            var secret = field.Secret || from.Secret;
            var source = definition.Source;
            var located = origin.Kind is CallRuleOriginKind.Set or CallRuleOriginKind.DefaultFrom && source is not null;
            rules.Add(new RuleExplanation(key, secret ? null : value, origin.Kind, field, from,
                located ? source!.File : null, located ? source!.PositionOf(origin.From) : SourcePosition.None,
                secret ? null : origin.WireValue, secret));
        }
        if (line != written.Rules.Count)
            throw new InvalidOperationException($"The section writes {written.Rules.Count} lines but {line} were explained.");
        return new DefinitionExplanation(written.Name, definition.Source?.File, definition.Source?.Start ?? SourcePosition.None, rules);
    }
}
