using System.Collections.Generic;
using System.Linq;
using CallRules.Generator.Model;

namespace CallRules.Generator.Emitting;

/// <summary>One enum type, as the templates need it.</summary>
internal sealed class EnumView
{
    public EnumView(EnumSpec spec, string ns, IEnumerable<string> usedBy)
    {
        Name = spec.TypeName;
        Summary = SchemaView.DocLines("The allowed values of:\n" + string.Join(",\n", usedBy.Select(n => $"<c>{n}</c>")) + ".", 4, escape: false);
        QualifiedName = "global::" + ns + "." + spec.TypeName;
        ValuesName = spec.TypeName + "Values";
        QualifiedValuesName = "global::" + ns + "." + ValuesName;
        Members = spec.Members.Select(m => new EnumMemberView(m, QualifiedName)).ToList();
        HasMap = Members.Any(m => m.CallRuleText != m.Wire);
        WireLiterals = Members.Select(m => m.WireLiteral).ToList();
        NameLiteral = SchemaView.Literal(spec.TypeName);
        DescribedMembers = Members.Where(m => m.DescriptionLiteral is not null).ToList();
        HasDescriptions = DescribedMembers.Count > 0;
    }

    public string Name { get; }
    public string Summary { get; }
    public string QualifiedName { get; }
    public string ValuesName { get; }
    public string QualifiedValuesName { get; }
    public List<EnumMemberView> Members { get; }
    /// <summary>The members' wire values as literals, in schema order.</summary>
    public List<string> WireLiterals { get; }
    public bool HasMap { get; }
    public string NameLiteral { get; }
    /// <summary>Whether any member has a description.</summary>
    public bool HasDescriptions { get; }
    /// <summary>The members that have a description.</summary>
    public List<EnumMemberView> DescribedMembers { get; }
}
