using Scriban;
using Scriban.Runtime;

namespace CallRules.Generator.Emitting;

/// <summary>
/// The context the templates render in: view objects are read through <see cref="ViewAccessor"/>, and the only
/// functions are the templates' own and the shared ones of Common.sbn-cs (<see cref="SchemaEmitter.SharedFunctions"/>,
/// the context's builtins), so Scriban's builtin library is never built.
/// </summary>
internal sealed class ViewTemplateContext : TemplateContext
{
    public ViewTemplateContext() : this(SchemaEmitter.SharedFunctions)
    {
    }

    /// <summary>A context whose builtins are <paramref name="builtins"/>, for loading the shared functions themselves.</summary>
    internal ViewTemplateContext(ScriptObject builtins) : base(builtins)
    {
        StrictVariables = true;
        LoopLimit = int.MaxValue;
        NewLine = "\n";
        AutoIndent = false;
    }

    protected override IObjectAccessor? GetMemberAccessorImpl(object target) =>
        ViewAccessor.IsView(target) ? ViewAccessor.For(target.GetType()) : base.GetMemberAccessorImpl(target);
}
