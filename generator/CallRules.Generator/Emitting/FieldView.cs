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
                FieldType.Enum => EnumType + "." + enumView!.Members.First(m => m.Wire == literal).Identifier,
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
        var text = new StringBuilder(256);
        void Member(string name, string value) => text.Append(Indent).Append(name).Append(" = ").Append(value).Append(",\n");
        void Dictionary(string name, List<EnumMemberView> members, bool descriptions)
        {
            text.Append(Indent).Append(name).Append(" = new global::System.Collections.Generic.Dictionary<string, string>\n");
            text.Append(Indent).Append("{\n");
            foreach (var m in members)
                text.Append(Indent).Append("    [").Append(m.WireLiteral).Append("] = ").Append(descriptions ? m.DescriptionLiteral : m.CallRuleLiteral).Append(",\n");
            text.Append(Indent).Append("},\n");
        }
        void Strings(string name, IEnumerable<string> literals) => Member(name, "new string[] { " + string.Join(", ", literals) + " }");

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
            Strings("Values", enumView.Members.Select(m => m.WireLiteral));
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
            Strings("RenamedFrom", field.RenamedFrom.Select(SchemaView.Literal));
        text.Length--; // the template writes the last line break
        return text.ToString();
    }

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
