using System.Collections.Generic;
using System.Globalization;

namespace CallRules.Generator.Emitting;

/// <summary>
/// The names of the locals generated methods declare for fields (<c>host</c>, <c>hostAt</c>, <c>hostText</c>). A
/// pattern variable lives to the end of its enclosing block, so one field's helper local must not take another
/// field's name (a field <c>host-at</c> beside <c>host</c>): every name is claimed once per type.
/// </summary>
internal sealed class LocalNames
{
    private readonly HashSet<string> _taken = new HashSet<string>(GeneratedNames.Locals, System.StringComparer.Ordinal);

    public static bool IsReserved(string name) => System.Array.IndexOf(GeneratedNames.Locals, name) >= 0;

    /// <summary><paramref name="name"/>, or with a number after it if that is taken; not yet escaped.</summary>
    public string Claim(string name)
    {
        var candidate = name;
        for (var i = 2; !_taken.Add(candidate); i++)
            candidate = name + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }
}
