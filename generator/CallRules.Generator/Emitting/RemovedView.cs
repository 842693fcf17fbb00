namespace CallRules.Generator.Emitting;

/// <summary>A removed wire name and its reason, as C# literals.</summary>
internal sealed class RemovedView
{
    public RemovedView(string nameLiteral, string reasonLiteral)
    {
        NameLiteral = nameLiteral;
        ReasonLiteral = reasonLiteral;
    }

    public string NameLiteral { get; }
    public string ReasonLiteral { get; }
}
