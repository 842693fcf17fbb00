namespace CallRules.Runtime.CallRuleFormat;

/// <summary>Where the value of a call-rule line comes from.</summary>
public enum CallRuleOriginKind
{
    /// <summary>The definition sets the field.</summary>
    Set,
    /// <summary>The field is not set; its default is the value of another field (<c>defaultFrom</c>), which is set.</summary>
    DefaultFrom,
    /// <summary>Neither the field nor a field it takes its default from is set: the schema's literal default.</summary>
    Default,
    /// <summary>Nothing is set and there is no literal default: the line is not written.</summary>
    NotWritten,
}

/// <summary>
/// Where one call-rule line of a definition gets its value: what <see cref="IDefinition{TSelf}.ExplainCallRules"/>
/// reports, one per field with a call-rule key, in the order <see cref="IDefinition{TSelf}.WriteCallRules"/> writes them.
/// Generated code fills it in from the same defaults, <c>defaultFrom</c> chains and maps that write the line, so the
/// explanation cannot disagree with the output.
/// </summary>
/// <param name="Field">The index (in <see cref="Schema.DefinitionSchema.Fields"/>) of the field the line is for.</param>
/// <param name="Kind">Where the value comes from.</param>
/// <param name="From">
/// The index of the field whose value is written: <paramref name="Field"/> when set, the field it takes its default from
/// (<see cref="CallRuleOriginKind.DefaultFrom"/>), the field whose literal default applies (<see cref="CallRuleOriginKind.Default"/>:
/// the last of a <c>defaultFrom</c> chain), or -1 (<see cref="CallRuleOriginKind.NotWritten"/>).
/// </param>
/// <param name="WireValue">
/// The value as a definition file writes it, before any value map (an enum's wire value, an integer in decimal), or null
/// when the line is not written. It may be a secret: show it only through the schema's <c>secret</c> flag.
/// </param>
public readonly record struct CallRuleOrigin(int Field, CallRuleOriginKind Kind, int From, string? WireValue)
{
    /// <summary>Field <paramref name="field"/> is set to <paramref name="wireValue"/>.</summary>
    public static CallRuleOrigin Set(int field, string wireValue) => new(field, CallRuleOriginKind.Set, field, wireValue);

    /// <summary>Field <paramref name="field"/> is not set and takes the value of <paramref name="from"/>, <paramref name="wireValue"/>.</summary>
    public static CallRuleOrigin DefaultFrom(int field, int from, string wireValue) => new(field, CallRuleOriginKind.DefaultFrom, from, wireValue);

    /// <summary>Nothing is set: the literal default <paramref name="wireValue"/>, which the schema gives to <paramref name="from"/>.</summary>
    public static CallRuleOrigin Default(int field, int from, string wireValue) => new(field, CallRuleOriginKind.Default, from, wireValue);

    /// <summary>Nothing is set and there is no literal default: field <paramref name="field"/>'s line is not written.</summary>
    public static CallRuleOrigin NotWritten(int field) => new(field, CallRuleOriginKind.NotWritten, -1, null);
}
