using System;
using System.Collections.Generic;
using System.Text.Json;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Schema;
using CallRules.Runtime.Validation;

namespace CallRules.Runtime.Tests.TestDoubles;

/// <summary>
/// TEST DOUBLE: a hand-written stand-in for a generated definition type, small enough to read, so the pipeline can
/// be tested without the generator. It follows the contract the generator implements (see docs/architecture.md):
/// two key fields (<c>zone</c>, <c>pattern</c>), an enum with a mapped call-rule value, an integer, a free string and
/// a secret. One rule is a warning rather than an error, to exercise warnings: a <c>limit</c> of 0 is allowed, but
/// refuses every call (<see cref="ZeroLimitWarning"/>).
/// </summary>
public sealed class TestTrunk : IDefinition<TestTrunk>
{
    public const int ZoneIndex = 0, PatternIndex = 1, ModeIndex = 2, LimitIndex = 3, NoteIndex = 4, PasswordIndex = 5;

    /// <summary>The test double's warning code: a limit of 0.</summary>
    public const string ZeroLimitWarning = "TEST0001";

    private static readonly FieldInfo[] s_fields =
    [
        new() { Name = "zone", Property = "Zone", Kind = FieldKind.String, Required = true, MaxLength = 64, CallRule = "Zone" },
        new() { Name = "pattern", Property = "Pattern", Kind = FieldKind.String, Required = true, CallRule = "Match" },
        new()
        {
            Name = "mode", Property = "Mode", Kind = FieldKind.Enum, Values = ["UDP", "TCP", "TLS"], Default = "UDP",
            Map = new Dictionary<string, string> { ["UDP"] = "udp", ["TCP"] = "tcp", ["TLS"] = "tls" }, CallRule = "Transport",
        },
        new() { Name = "limit", Property = "Limit", Kind = FieldKind.Integer, Minimum = 0, CallRule = "Limit" },
        new() { Name = "note", Property = "Note", Kind = FieldKind.String, CallRule = "Note" },
        new() { Name = "password", Property = "Password", Kind = FieldKind.String, Secret = true, CallRule = "Password" },
    ];

    public static DefinitionSchema Schema { get; } = new()
    {
        Name = "TestTrunk",
        SchemaFile = "test-trunk.schema.json",
        Fields = s_fields,
        Key = ["zone", "pattern"],
    };

    public string? Zone { get; init; }
    public string? Pattern { get; init; }
    public string? Mode { get; init; }
    public long? Limit { get; init; }
    public string? Note { get; init; }
    public string? Password { get; init; }
    public DefinitionSource? Source { get; init; }

    public DefinitionKey Key => new(Zone, Pattern);

    public static TestTrunk ReadJson(ref Utf8JsonReader reader, JsonReadContext context)
    {
        var start = context.PositionOf(reader.TokenStartIndex);
        var positions = new SourcePosition[s_fields.Length];
        string? zone = null, pattern = null, mode = null, note = null, password = null;
        long? limit = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var at = context.PositionOf(reader.TokenStartIndex);
            var name = reader.GetString();
            var index = Array.FindIndex(s_fields, f => f.Name == name);
            if (index < 0)
            {
                context.UnknownField(ref reader, Schema, at);
                continue;
            }
            if (positions[index].IsKnown)
            {
                context.DuplicateField(ref reader, s_fields[index], at, positions[index]);
                continue;
            }
            positions[index] = at;
            reader.Read();
            switch (index)
            {
                case ZoneIndex: zone = context.ReadString(ref reader, s_fields[index], at); break;
                case PatternIndex: pattern = context.ReadString(ref reader, s_fields[index], at); break;
                case ModeIndex:
                    mode = context.ReadString(ref reader, s_fields[index], at);
                    if (mode is not null && Array.IndexOf(["UDP", "TCP", "TLS"], mode) < 0)
                    {
                        context.NotAllowed(s_fields[index], mode, at);
                        mode = null;
                    }
                    break;
                case LimitIndex: limit = context.ReadInteger(ref reader, s_fields[index], at); break;
                case NoteIndex: note = context.ReadString(ref reader, s_fields[index], at); break;
                case PasswordIndex: password = context.ReadString(ref reader, s_fields[index], at); break;
            }
        }
        return new TestTrunk
        {
            Zone = zone, Pattern = pattern, Mode = mode, Limit = limit, Note = note, Password = password,
            Source = context.CreateSource(Schema, start, positions),
        };
    }

    public static void WriteJson(Utf8JsonWriter writer, TestTrunk definition)
    {
        writer.WriteStartObject();
        if (definition.Zone is not null) writer.WriteString("zone", definition.Zone);
        if (definition.Pattern is not null) writer.WriteString("pattern", definition.Pattern);
        if (definition.Mode is not null) writer.WriteString("mode", definition.Mode);
        if (definition.Limit is not null) writer.WriteNumber("limit", definition.Limit.Value);
        if (definition.Note is not null) writer.WriteString("note", definition.Note);
        if (definition.Password is not null) writer.WriteString("password", definition.Password);
        writer.WriteEndObject();
    }

    public void Validate(ICollection<DefinitionError> errors)
    {
        CheckString(errors, ZoneIndex, Zone);
        if (Zone is not null && Zone.Contains(DefinitionKey.Separator))
            errors.Add(FieldErrors.KeySeparator(Source, ZoneIndex, s_fields[ZoneIndex]));
        CheckString(errors, PatternIndex, Pattern);
        if (Limit is < 0) errors.Add(FieldErrors.OutOfRange(Source, LimitIndex, s_fields[LimitIndex], Limit.Value));
        if (Limit is 0)
        {
            errors.Add(new DefinitionError(ZeroLimitWarning, "'limit' is 0: every call will be refused.", "limit",
                Source?.PathOf("limit"), Source?.File, Source?.PositionOf(LimitIndex) ?? default, Severity.Warning));
        }
        CheckString(errors, NoteIndex, Note);
        CheckString(errors, PasswordIndex, Password);
    }

    private void CheckString(ICollection<DefinitionError> errors, int index, string? value)
    {
        var field = s_fields[index];
        if (string.IsNullOrEmpty(value))
        {
            if (field.Required) errors.Add(FieldErrors.Missing(Source, index, field));
            return;
        }
        if (field.MaxLength is { } max && value.Length > max)
            errors.Add(FieldErrors.TooLong(Source, index, field, value.Length));
        var bad = CallRuleText.IndexOfForbidden(value);
        if (bad >= 0) errors.Add(FieldErrors.ForbiddenCharacter(Source, index, field, value, bad));
    }

    /// <summary>A note that makes <see cref="WriteCallRules"/> throw, standing in for a bug in generated code.</summary>
    public const string ThrowingNote = "test double: throw while writing";

    public void WriteCallRules(CallRuleWriter writer)
    {
        if (Note == ThrowingNote) throw new InvalidOperationException("A bug in the test double's WriteCallRules.");
        writer.BeginSection(Key.SectionName);
        writer.WriteRule("Zone"u8, Zone!);
        writer.WriteRule("Match"u8, Pattern!);
        writer.WriteRule("Transport"u8, (Mode ?? "UDP") switch { "TCP" => "tcp"u8, "TLS" => "tls"u8, _ => "udp"u8 });
        if (Limit is { } limit) writer.WriteRule("Limit"u8, limit);
        if (Note is not null) writer.WriteRule("Note"u8, Note);
        if (Password is not null) writer.WriteRule("Password"u8, Password);
    }
}
