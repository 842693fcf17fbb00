using CallRules.Generator.Model;

namespace CallRules.Generator.Emitting;

/// <summary>One enum member, as the templates need it.</summary>
internal sealed class EnumMemberView
{
    public EnumMemberView(EnumMemberSpec spec, string qualifiedEnumName)
    {
        Wire = spec.WireValue;
        WireLiteral = SchemaView.Literal(spec.WireValue);
        WireUtf8 = SchemaView.Utf8Literal(spec.WireValue);
        Identifier = SchemaView.Identifier(spec.Identifier);
        QualifiedName = qualifiedEnumName + "." + Identifier;
        DescriptionText = spec.Description;
        DescriptionLiteral = spec.Description is null ? null : SchemaView.Literal(spec.Description);
        Summary = spec.Description is null
            ? SchemaView.DocLines($"<c>{Escape(spec.WireValue)}</c>", 8, escape: false)
            : SchemaView.DocLines($"<c>{Escape(spec.WireValue)}</c>: {Escape(spec.Description)}", 8, escape: false);
        CallRuleText = spec.CallRuleValue;
        CallRuleLiteral = SchemaView.Literal(spec.CallRuleValue);
        CallRuleUtf8 = SchemaView.Utf8Literal(spec.CallRuleValue);
    }

    public string Wire { get; }
    public string WireLiteral { get; }
    public string WireUtf8 { get; }
    public string Identifier { get; }
    /// <summary>The member with its enum's qualified name: <c>global::Ns.Transport.Udp</c>.</summary>
    public string QualifiedName { get; }
    public string? DescriptionText { get; }
    public string? DescriptionLiteral { get; }
    public string Summary { get; }
    public string CallRuleText { get; }
    public string CallRuleLiteral { get; }
    public string CallRuleUtf8 { get; }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
