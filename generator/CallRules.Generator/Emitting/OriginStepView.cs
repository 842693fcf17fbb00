namespace CallRules.Generator.Emitting;

/// <summary>
/// One step of a call-rule line's explanation (<c>ExplainCallRules</c>): if this field of the <c>defaultFrom</c> chain is
/// set, the line's value comes from it.
/// </summary>
internal sealed class OriginStepView
{
    public OriginStepView(string keyword, string condition, string origin)
    {
        Keyword = keyword;
        Condition = condition;
        Origin = origin;
    }

    /// <summary><c>if</c> for the first step, <c>else if</c> for the next.</summary>
    public string Keyword { get; }
    /// <summary>Whether the step's field is set: <c>this.Host is not null</c>.</summary>
    public string Condition { get; }
    /// <summary>The <c>CallRuleOrigin</c> the step adds.</summary>
    public string Origin { get; }
}
