using System.Globalization;
using System.Text;

namespace CallRules.Runtime;

/// <summary>How serious a <see cref="DefinitionError"/> is.</summary>
public enum Severity
{
    /// <summary>The definitions cannot be compiled as they are: the run fails and writes nothing.</summary>
    Error,

    /// <summary>Worth a person's attention (a section that can never be chosen, a deprecated field), but the run succeeds.</summary>
    Warning,
}

/// <summary>
/// One problem with a definition: a stable <see cref="Code"/> (see <see cref="ErrorCodes"/>), a message a
/// person can act on, and where it is: the field's wire name, its JSON path, the file and position. Most are
/// errors; a few codes are warnings (<see cref="Severity"/>), which are reported the same way but do not fail a run.
/// Messages never contain the value of a secret field, and are always one line.
/// </summary>
public sealed record DefinitionError(
    string Code,
    string Message,
    string? Field = null,
    string? JsonPath = null,
    string? File = null,
    SourcePosition Position = default,
    Severity Severity = Severity.Error)
{
    /// <summary>
    /// What is wrong and what to do, on one line: text that came from outside (a value, a name, a path, an operating
    /// system's message) is escaped by <see cref="MessageText.Escape"/>, so no input can make a message span lines
    /// or send a terminal an escape sequence.
    /// </summary>
    public string Message { get; init; } = MessageText.Escape(Message);

    /// <summary>True for an error (the run fails), false for a warning.</summary>
    public bool IsError => Severity == Severity.Error;

    /// <summary>The section of docs/error-codes.md that explains <see cref="Code"/> (for tools, such as SARIF writers).</summary>
    public string HelpLink => HelpLinks.ForErrorCode(Code);

    /// <summary>
    /// Formats the problem in the compiler convention: <c>path(line,col): error CODE: message</c>, or
    /// <c>warning CODE</c> for a warning.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (File is not null)
        {
            text.Append(MessageText.Escape(File));
            if (Position.IsKnown)
                text.Append(CultureInfo.InvariantCulture, $"({Position.Line},{Position.Column})");
            text.Append(": ");
        }
        text.Append(IsError ? "error " : "warning ").Append(Code).Append(": ").Append(Message);
        return text.ToString();
    }
}
