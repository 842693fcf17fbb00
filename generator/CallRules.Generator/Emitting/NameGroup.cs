using System.Collections.Generic;

namespace CallRules.Generator.Emitting;

/// <summary>The fields whose wire names have the same UTF-8 length, for the property-name switch.</summary>
internal sealed class NameGroup
{
    public NameGroup(int length, List<FieldView> fields)
    {
        Length = length;
        Fields = fields;
    }

    public int Length { get; }
    public List<FieldView> Fields { get; }
}
