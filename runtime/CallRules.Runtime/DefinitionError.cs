using System.Globalization;
using System.Text;

namespace CallRules.Runtime;

/// <summary>
/// One problem with a definition: a stable <see cref="Code"/> (see <see cref="ErrorCodes"/>), a message a
/// person can act on, and where it is: the field's wire name, its JSON path, the file and position.
/// Messages never contain the value of a secret field.
/// </summary>
public sealed record DefinitionError(
    string Code,
    string Message,
    string? Field = null,
    string? JsonPath = null,
    string? File = null,
    SourcePosition Position = default)
{
    /// <summary>Formats the error in the compiler convention: <c>path(line,col): error CODE: message</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (File is not null)
        {
            text.Append(File);
            if (Position.IsKnown)
                text.Append(CultureInfo.InvariantCulture, $"({Position.Line},{Position.Column})");
            text.Append(": ");
        }
        text.Append("error ").Append(Code).Append(": ").Append(Message);
        return text.ToString();
    }
}
