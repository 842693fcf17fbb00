using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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

        var enumView = field.EnumType is null ? null : enums.First(e => e.Name == field.EnumType);
        EnumType = enumView?.QualifiedName;
        EnumValues = enumView?.QualifiedValuesName;
        PropertyType = field.Type switch
        {
            FieldType.Integer => "long?",
            FieldType.Enum => EnumType + "?",
            _ => "string?",
        };

        MaxLength = field.MaxLength?.ToString(CultureInfo.InvariantCulture);
        MinLength = field.MinLength?.ToString(CultureInfo.InvariantCulture);
        HasRange = field.Minimum is not null || field.Maximum is not null;
        PatternLiteral = field.Pattern is null ? null : SchemaView.Literal(field.Pattern);
        PatternName = "s_" + local + "Pattern";
        FormatLiteral = field.Format is null ? null : SchemaView.Literal(field.Format);
        var keyPosition = schema.Key.AsImmutableArray().IndexOf(field.Index);
        IsKey = keyPosition >= 0;
        IsKeyWithSeparatorCheck = keyPosition >= 0 && keyPosition < schema.Key.Count - 1;

        if (field.CallRule is not null && field.Unsupported is null)
            CallRuleUtf8 = SchemaView.Utf8Literal(field.CallRule);
        if (field.Default is { } literal)
        {
            DefaultValue = field.Type switch
            {
                FieldType.Integer => literal + "L",
                FieldType.Enum => enumView!.Members.First(m => m.Wire == literal).QualifiedName,
                _ => SchemaView.Literal(literal),
            };
        }

        Summary = field.Description is null
            ? SchemaView.DocLines($"The <c>{field.WireName}</c> field.", 8, escape: false)
            : SchemaView.DocLines(field.Description, 8);
        Remarks = SchemaView.DocLines(Describe(field, schema), 8, escape: false);
        DefaultLiteral = field.Default is null ? null : SchemaView.Literal(field.Default);
        Minimum = field.Minimum is { } minimum ? SchemaView.Int(minimum) : null;
        Maximum = field.Maximum is { } maximum ? SchemaView.Int(maximum) : null;
        InfoMembers = WriteInfoMembers(field, schema, enumView);
    }

    public int Index { get; }
    public string WireName { get; }
    public string WireLiteral { get; }
    public string WireUtf8 { get; }
    public string Property { get; }
    public string Local { get; }
    /// <summary>The local for the index of a forbidden character in the value (validator).</summary>
    public string LocalAt { get; }
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
    public string? EnumType { get; }
    public string? EnumValues { get; }
    /// <summary>
    /// The C# type of the field's property: <c>long?</c>, the enum type made nullable, or <c>string?</c> (strings and
    /// objects, which keep their raw JSON).
    /// </summary>
    public string PropertyType { get; }
    public string? MaxLength { get; }
    public string? MinLength { get; }
    /// <summary>Whether the schema gives a minimum or a maximum (integer fields).</summary>
    public bool HasRange { get; }
    public string? PatternLiteral { get; }
    public string PatternName { get; }
    public string? FormatLiteral { get; }
    /// <summary>Whether the field is one of the schema's key fields (validated against look-alike characters).</summary>
    public bool IsKey { get; }
    public bool IsKeyWithSeparatorCheck { get; }
    /// <summary>
    /// The fields this one takes its default from, in order (its <c>defaultFrom</c>, then that field's, ...): the
    /// effective value is the first of the field and these that is set.
    /// </summary>
    public List<FieldView> DefaultsFrom { get; } = new List<FieldView>();
    /// <summary>The field of the chain (this one or the last of <see cref="DefaultsFrom"/>) whose literal default ends it.</summary>
    public FieldView? LiteralDefault { get; private set; }
    /// <summary>Whether the effective value has a fallback: a field to take it from, or a literal default.</summary>
    public bool HasDefault { get; private set; }
    /// <summary>Whether the effective value is never null (the chain ends in a literal default).</summary>
    public bool AlwaysSet { get; private set; }
    /// <summary>The call-rule key as a UTF-8 literal; null when the field writes no call rule.</summary>
    public string? CallRuleUtf8 { get; }
    public string Summary { get; }
    public string Remarks { get; }

    public string? DefaultLiteral { get; }
    /// <summary>
    /// The literal default as a constant of the field's type: a <c>long</c> literal, the enum member's qualified name, or
    /// a string literal (the value; the expressions that use it are written by the templates).
    /// </summary>
    public string? DefaultValue { get; }
    public string? Minimum { get; }
    public string? Maximum { get; }

    /// <summary>
    /// The member assignments of the field's <c>FieldInfo</c> initialiser (Model template), one line each, indented, without
    /// the last line break: <c>Name</c>, <c>Property</c> and <c>Kind</c>, then each member the schema sets for the field.
    /// </summary>
    /// <remarks>
    /// Written here and not in the template: the initialiser is the schema's data laid out one member a line, so a template
    /// adds nothing but an <c>if</c> per member and field, about a quarter of every render's interpreted statements
    /// (docs/performance.md, section 3). The template keeps the array and each initialiser's braces.
    /// </remarks>
    public string InfoMembers { get; }

    /// <summary>The field, then <see cref="DefaultsFrom"/>: where the effective value may come from, in order.</summary>
    public List<FieldView> Chain { get; } = new List<FieldView>();

    /// <summary>
    /// Fills <see cref="DefaultsFrom"/> and what follows from it, once every field has its view (a field may take its
    /// default from a later one).
    /// </summary>
    internal void LinkDefaults(FieldSpec field, SchemaSpec schema, List<FieldView> fields)
    {
        Chain.Add(this);
        var current = field;
        while (current.DefaultFrom >= 0)
        {
            DefaultsFrom.Add(fields[current.DefaultFrom]);
            current = schema.Fields[current.DefaultFrom];
        }
        LiteralDefault = current.Default is null ? null : DefaultsFrom.Count == 0 ? this : DefaultsFrom[DefaultsFrom.Count - 1];
        Chain.AddRange(DefaultsFrom);
        AlwaysSet = LiteralDefault is not null;
        HasDefault = AlwaysSet || DefaultsFrom.Count > 0;
    }

    private string WriteInfoMembers(FieldSpec field, SchemaSpec schema, EnumView? enumView)
    {
        const string Indent = "                ";
        var text = TextBuilderCache.Acquire();
        void Member(string name, string value) => text.Append(Indent).Append(name).Append(" = ").Append(value).Append(",\n");
        void Dictionary(string name, List<EnumMemberView> members, bool descriptions)
        {
            text.Append(Indent).Append(name).Append(" = new global::System.Collections.Generic.Dictionary<string, string>\n");
            text.Append(Indent).Append("{\n");
            foreach (var m in members)
                text.Append(Indent).Append("    [").Append(m.WireLiteral).Append("] = ").Append(descriptions ? m.DescriptionLiteral : m.CallRuleLiteral).Append(",\n");
            text.Append(Indent).Append("},\n");
        }
        void Strings(string name, IReadOnlyList<string> literals)
        {
            text.Append(Indent).Append(name).Append(" = new string[] { ");
            for (var i = 0; i < literals.Count; i++)
                text.Append(i == 0 ? "" : ", ").Append(literals[i]);
            text.Append(" },\n");
        }

        Member("Name", WireLiteral);
        Member("Property", SchemaView.Literal(field.Property));
        Member("Kind", "global::CallRules.Runtime.Schema.FieldKind." + field.Type.ToString());
        if (enumView is not null)
            Member("EnumType", enumView.NameLiteral);
        if (field.Required)
            Member("Required", "true");
        if (field.Description is not null)
            Member("Description", SchemaView.Literal(field.Description));
        if (enumView is not null)
        {
            Strings("Values", enumView.WireLiterals);
            if (enumView.HasDescriptions)
                Dictionary("ValueDescriptions", enumView.DescribedMembers, descriptions: true);
            if (enumView.HasMap)
                Dictionary("Map", enumView.Members, descriptions: false);
        }
        if (DefaultLiteral is not null)
            Member("Default", DefaultLiteral);
        if (field.DefaultFrom >= 0)
            Member("DefaultFrom", SchemaView.Literal(schema.Fields[field.DefaultFrom].WireName));
        if (field.CallRule is not null)
            Member("CallRule", SchemaView.Literal(field.CallRule));
        if (MaxLength is not null)
            Member("MaxLength", MaxLength);
        if (MinLength is not null)
            Member("MinLength", MinLength);
        if (Minimum is not null)
            Member("Minimum", Minimum + "L");
        if (Maximum is not null)
            Member("Maximum", Maximum + "L");
        if (PatternLiteral is not null)
            Member("Pattern", PatternLiteral);
        if (FormatLiteral is not null)
            Member("Format", FormatLiteral);
        if (field.Secret)
            Member("Secret", "true");
        if (field.Unsupported is not null)
            Member("Unsupported", SchemaView.Literal(field.Unsupported));
        if (field.Deprecated is not null)
            Member("Deprecated", SchemaView.Literal(field.Deprecated));
        if (field.RenamedFrom.Count > 0)
            Strings("RenamedFrom", field.RenamedFrom.Select(SchemaView.Literal).ToList());
        text.Length--; // the template writes the last line break
        return TextBuilderCache.ToStringAndRelease(text);
    }

    private static string Describe(FieldSpec field, SchemaSpec schema)
    {
        var text = TextBuilderCache.Acquire();
        text.Append("Wire name <c>").Append(field.WireName).Append("</c>");
        if (field.Required) text.Append("; required");
        if (field.MinLength is { } minLength) text.Append("; at least ").Append(SchemaView.Int(minLength)).Append(" characters");
        if (field.MaxLength is { } maxLength) text.Append("; at most ").Append(SchemaView.Int(maxLength)).Append(" characters");
        if (field.Minimum is { } minimum) text.Append("; at least ").Append(SchemaView.Int(minimum));
        if (field.Maximum is { } maximum) text.Append("; at most ").Append(SchemaView.Int(maximum));
        if (field.Pattern is not null) Escaped(text.Append("; matches <c>"), field.Pattern).Append("</c>");
        if (field.Format is not null) text.Append("; format <c>").Append(field.Format).Append("</c>");
        if (field.Default is not null) Escaped(text.Append("; default <c>"), field.Default).Append("</c>");
        if (field.DefaultFrom >= 0) text.Append("; defaults to <c>").Append(schema.Fields[field.DefaultFrom].WireName).Append("</c>");
        if (field.CallRule is not null) text.Append("; call-rule key <c>").Append(field.CallRule).Append("</c>");
        var enumSpec = field.EnumType is null ? null : schema.Enums.FirstOrDefault(e => e.TypeName == field.EnumType);
        if (field.CallRule is not null && enumSpec is not null && enumSpec.Members.Any(m => m.CallRuleValue != m.WireValue))
        {
            text.Append("; written to the call rules as ");
            var first = true;
            foreach (var m in enumSpec.Members)
            {
                if (!first) text.Append(", ");
                first = false;
                Escaped(Escaped(text.Append("<c>"), m.WireValue).Append("</c> → <c>"), m.CallRuleValue).Append("</c>");
            }
        }
        if (field.Secret) text.Append("; secret: never shown in messages");
        if (field.Unsupported is not null) text.Append("; not supported: setting it is an error");
        if (field.Deprecated is not null) text.Append("; deprecated: setting it is a warning");
        if (field.RenamedFrom.Count > 0)
        {
            text.Append("; earlier names ");
            for (var i = 0; i < field.RenamedFrom.Count; i++)
                Escaped(text.Append(i == 0 ? "<c>" : ", <c>"), field.RenamedFrom[i]).Append("</c>");
            text.Append(", read as this field with a warning");
        }
        return TextBuilderCache.ToStringAndRelease(text.Append('.'));
    }

    /// <summary>Appends <paramref name="value"/> with <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped for XML docs.</summary>
    private static StringBuilder Escaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (c == '&') text.Append("&amp;");
            else if (c == '<') text.Append("&lt;");
            else if (c == '>') text.Append("&gt;");
            else text.Append(c);
        }
        return text;
    }
}
