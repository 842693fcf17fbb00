using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallRules.Generator.Model;

namespace CallRules.Generator.Emitting;

/// <summary>One field, as the templates need it.</summary>
internal sealed class FieldView
{
    public FieldView(FieldSpec field, SchemaSpec schema, List<EnumView> enums, LocalNames locals)
    {
        Index = field.Index;
        WireName = field.WireName;
        WireLiteral = SchemaView.Literal(field.WireName);
        WireUtf8 = SchemaView.Utf8Literal(field.WireName);
        Property = SchemaView.Identifier(field.Property);
        IndexName = "FieldIndex." + Property;
        var camel = char.ToLowerInvariant(field.Property[0]) + field.Property.Substring(1);
        var local = locals.Claim(LocalNames.IsReserved(camel) ? camel + "Value" : camel);
        Local = SchemaView.Identifier(local);
        LocalAt = SchemaView.Identifier(locals.Claim(local + "At"));
        IsString = field.Type == FieldType.String && field.Unsupported is null;
        IsInteger = field.Type == FieldType.Integer && field.Unsupported is null;
        IsEnum = field.Type == FieldType.Enum && field.Unsupported is null;
        IsObject = field.Type == FieldType.Object;
        IsUnsupported = field.Unsupported is not null;
        IsDeprecated = field.Deprecated is not null;
        ReadsString = field.Type == FieldType.String;
        ReadsInteger = field.Type == FieldType.Integer;
        ReadsEnum = field.Type == FieldType.Enum;
        ReadsObject = field.Type == FieldType.Object;
        Required = field.Required;
        HasChecks = field.Required || field.Unsupported is not null || field.Deprecated is not null || field.Type is FieldType.String or FieldType.Enum
            || (field.Type == FieldType.Integer && (field.Minimum is not null || field.Maximum is not null));
        RequiredPattern = field.Type == FieldType.String && field.Required ? "{ Length: > 0 }" : "{ }";

        var enumView = field.EnumType is null ? null : enums.First(e => e.Name == field.EnumType);
        EnumType = enumView?.QualifiedName;
        EnumValues = enumView?.QualifiedValuesName;
        ClrType = field.Type switch
        {
            FieldType.Integer => "long?",
            FieldType.Enum => EnumType + "?",
            _ => "string?",
        };

        MaxLength = field.MaxLength?.ToString(CultureInfo.InvariantCulture);
        MinLength = field.MinLength?.ToString(CultureInfo.InvariantCulture);
        var range = new List<string>();
        if (field.Minimum is { } min) range.Add($"{Local} < {SchemaView.Int(min)}L");
        if (field.Maximum is { } max) range.Add($"{Local} > {SchemaView.Int(max)}L");
        RangeCondition = range.Count == 0 ? null : string.Join(" || ", range);
        PatternLiteral = field.Pattern is null ? null : SchemaView.Literal(field.Pattern);
        PatternName = "s_" + local + "Pattern";
        FormatLiteral = field.Format is null ? null : SchemaView.Literal(field.Format);
        var keyPosition = schema.Key.AsImmutableArray().IndexOf(field.Index);
        IsKey = keyPosition >= 0;
        IsKeyWithSeparatorCheck = keyPosition >= 0 && keyPosition < schema.Key.Count - 1;

        // The effective value: the field, then the fields it takes its default from, then a literal default.
        var chain = new List<string> { "this." + Property };
        var current = field;
        while (current.DefaultFrom >= 0)
        {
            current = schema.Fields[current.DefaultFrom];
            chain.Add("this." + SchemaView.Identifier(current.Property));
        }
        if (current.Default is { } literal)
        {
            chain.Add(field.Type switch
            {
                FieldType.Integer => literal + "L",
                FieldType.Enum => EnumType + "." + enumView!.Members.First(m => m.Wire == literal).Identifier,
                _ => SchemaView.Literal(literal),
            });
            AlwaysSet = true;
        }
        EffectiveExpression = string.Join(" ?? ", chain);
        HasDefault = chain.Count > 1;
        EffectiveOperand = HasDefault ? "(" + EffectiveExpression + ")" : EffectiveExpression;

        if (field.CallRule is not null && field.Unsupported is null)
        {
            CallRuleUtf8 = SchemaView.Utf8Literal(field.CallRule);
            var valueOf = AlwaysSet ? EffectiveExpression : Local;
            CallRuleValue = field.Type == FieldType.Enum ? $"{EnumValues}.ToCallRuleUtf8({valueOf})" : valueOf;
            BuildOrigins(field, schema, enums);
        }

        Summary = field.Description is null
            ? SchemaView.DocLines($"The <c>{field.WireName}</c> field.", 8, escape: false)
            : SchemaView.DocLines(field.Description, 8);
        Remarks = SchemaView.DocLines(Describe(field, schema), 8, escape: false);
        EnumView = enumView;
        PropertyLiteral = SchemaView.Literal(field.Property);
        Kind = field.Type.ToString();
        DescriptionLiteral = field.Description is null ? null : SchemaView.Literal(field.Description);
        DefaultLiteral = field.Default is null ? null : SchemaView.Literal(field.Default);
        DefaultFromLiteral = field.DefaultFrom >= 0 ? SchemaView.Literal(schema.Fields[field.DefaultFrom].WireName) : null;
        CallRuleLiteral = field.CallRule is null ? null : SchemaView.Literal(field.CallRule);
        Minimum = field.Minimum is { } minimum ? SchemaView.Int(minimum) : null;
        Maximum = field.Maximum is { } maximum ? SchemaView.Int(maximum) : null;
        Secret = field.Secret;
        UnsupportedLiteral = field.Unsupported is null ? null : SchemaView.Literal(field.Unsupported);
        DeprecatedLiteral = field.Deprecated is null ? null : SchemaView.Literal(field.Deprecated);
        RenamedFromLiterals = field.RenamedFrom.Select(SchemaView.Literal).ToList();
    }

    public int Index { get; }
    public string WireName { get; }
    public string WireLiteral { get; }
    public string WireUtf8 { get; }
    public string Property { get; }
    /// <summary>The field's index as its named constant, <c>FieldIndex.Domain</c>.</summary>
    public string IndexName { get; }
    public string Local { get; }
    /// <summary>The local for the index of a forbidden character in the value (validator).</summary>
    public string LocalAt { get; }
    public string ClrType { get; }
    public bool IsString { get; }
    public bool IsInteger { get; }
    public bool IsEnum { get; }
    public bool IsObject { get; }
    public bool IsUnsupported { get; }
    public bool IsDeprecated { get; }
    public bool ReadsString { get; }
    public bool ReadsInteger { get; }
    public bool ReadsEnum { get; }
    public bool ReadsObject { get; }
    public bool Required { get; }
    public bool HasChecks { get; }
    public string RequiredPattern { get; }
    public string? EnumType { get; }
    public string? EnumValues { get; }
    public string? MaxLength { get; }
    public string? MinLength { get; }
    public string? RangeCondition { get; }
    public string? PatternLiteral { get; }
    public string PatternName { get; }
    public string? FormatLiteral { get; }
    /// <summary>Whether the field is one of the schema's key fields (validated against look-alike characters).</summary>
    public bool IsKey { get; }
    public bool IsKeyWithSeparatorCheck { get; }
    public string EffectiveExpression { get; }
    /// <summary><see cref="EffectiveExpression"/>, parenthesised where it has <c>??</c>, for use beside other operators.</summary>
    public string EffectiveOperand { get; }
    public bool HasDefault { get; }
    public bool AlwaysSet { get; }
    public string? CallRuleUtf8 { get; }
    public string? CallRuleValue { get; }
    /// <summary>
    /// For <c>ExplainCallRules</c>: the field, then each field of its <c>defaultFrom</c> chain, as the same order of
    /// <c>??</c> that <see cref="EffectiveExpression"/> writes; the first that is set gives the line its value.
    /// </summary>
    public List<OriginStepView> OriginSteps { get; } = new List<OriginStepView>();
    /// <summary>The origin when no step's field is set: the literal default, or the line not written.</summary>
    public string? OriginFallback { get; private set; }
    public string Summary { get; }
    public string Remarks { get; }

    // What the field's FieldInfo initializer (Model template) sets; null where the schema does not say.

    /// <summary>The field's enum type, when it is an enum field.</summary>
    public EnumView? EnumView { get; }
    public string PropertyLiteral { get; }
    /// <summary>The <c>FieldKind</c> member: String, Integer, Enum or Object.</summary>
    public string Kind { get; }
    public string? DescriptionLiteral { get; }
    public string? DefaultLiteral { get; }
    /// <summary>The wire name of the field this one takes its default from, as a literal.</summary>
    public string? DefaultFromLiteral { get; }
    public string? CallRuleLiteral { get; }
    public string? Minimum { get; }
    public string? Maximum { get; }
    public bool Secret { get; }
    public string? UnsupportedLiteral { get; }
    public string? DeprecatedLiteral { get; }
    /// <summary>The earlier wire names, as literals (empty when there are none).</summary>
    public List<string> RenamedFromLiterals { get; }
    public bool HasRenamedFrom => RenamedFromLiterals.Count > 0;

    private const string Origin = "global::CallRules.Runtime.CallRuleFormat.CallRuleOrigin";

    /// <summary>
    /// The steps of <see cref="OriginSteps"/> and <see cref="OriginFallback"/>, walking the same chain as the effective
    /// value (the field, the fields it takes its default from, the last one's literal default), so the explanation
    /// follows the expression that writes the line.
    /// </summary>
    private void BuildOrigins(FieldSpec field, SchemaSpec schema, List<EnumView> enums)
    {
        var current = field;
        while (true)
        {
            var access = "this." + SchemaView.Identifier(current.Property);
            var index = "FieldIndex." + SchemaView.Identifier(current.Property);
            var origin = current == field
                ? $"{Origin}.Set({IndexName}, {WireText(current, access, enums)})"
                : $"{Origin}.DefaultFrom({IndexName}, {index}, {WireText(current, access, enums)})";
            OriginSteps.Add(new OriginStepView(OriginSteps.Count == 0 ? "if" : "else if", access + " is not null", origin));
            if (current.DefaultFrom < 0) break;
            current = schema.Fields[current.DefaultFrom];
        }
        OriginFallback = current.Default is { } literal
            ? $"{Origin}.Default({IndexName}, FieldIndex.{SchemaView.Identifier(current.Property)}, {SchemaView.Literal(literal)})"
            : $"{Origin}.NotWritten({IndexName})";
    }

    /// <summary>The value of a set field as a definition file writes it (the wire text), from <paramref name="access"/>.</summary>
    private static string WireText(FieldSpec field, string access, List<EnumView> enums) => field.Type switch
    {
        FieldType.Integer => access + ".Value.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
        FieldType.Enum => enums.First(e => e.Name == field.EnumType).QualifiedValuesName + ".ToWire(" + access + ".Value)",
        _ => access,
    };

    private static string Describe(FieldSpec field, SchemaSpec schema)
    {
        var parts = new List<string> { $"Wire name <c>{field.WireName}</c>" };
        if (field.Required) parts.Add("required");
        if (field.MinLength is { } minLength) parts.Add($"at least {minLength} characters");
        if (field.MaxLength is { } maxLength) parts.Add($"at most {maxLength} characters");
        if (field.Minimum is { } minimum) parts.Add($"at least {SchemaView.Int(minimum)}");
        if (field.Maximum is { } maximum) parts.Add($"at most {SchemaView.Int(maximum)}");
        if (field.Pattern is not null) parts.Add($"matches <c>{Escape(field.Pattern)}</c>");
        if (field.Format is not null) parts.Add($"format <c>{field.Format}</c>");
        if (field.Default is not null) parts.Add($"default <c>{Escape(field.Default)}</c>");
        if (field.DefaultFrom >= 0) parts.Add($"defaults to <c>{schema.Fields[field.DefaultFrom].WireName}</c>");
        if (field.CallRule is not null) parts.Add($"call-rule key <c>{field.CallRule}</c>");
        var enumSpec = field.EnumType is null ? null : schema.Enums.FirstOrDefault(e => e.TypeName == field.EnumType);
        if (field.CallRule is not null && enumSpec is not null && enumSpec.Members.Any(m => m.CallRuleValue != m.WireValue))
            parts.Add("written to the call rules as " + string.Join(", ", enumSpec.Members.Select(m => $"<c>{Escape(m.WireValue)}</c> → <c>{Escape(m.CallRuleValue)}</c>")));
        if (field.Secret) parts.Add("secret: never shown in messages");
        if (field.Unsupported is not null) parts.Add("not supported: setting it is an error");
        if (field.Deprecated is not null) parts.Add("deprecated: setting it is a warning");
        if (field.RenamedFrom.Count > 0)
            parts.Add("earlier names " + string.Join(", ", field.RenamedFrom.Select(n => $"<c>{Escape(n)}</c>")) + ", read as this field with a warning");
        return string.Join("; ", parts) + ".";
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
