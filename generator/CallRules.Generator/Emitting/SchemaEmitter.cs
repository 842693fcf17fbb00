using System;
using System.IO;
using System.Linq;
using System.Threading;
using CallRules.Generator.Diagnostics;
using CallRules.Generator.Model;
using Scriban;
using Scriban.Runtime;

namespace CallRules.Generator.Emitting;

/// <summary>
/// Renders a spec through the four templates. Templates are embedded resources, parsed once per process (not in
/// a constructor: the compiler must be able to load the generator before Scriban is touched).
/// </summary>
internal static class SchemaEmitter
{
    /// <summary>The templates, in the order their files are added, with the suffix of each file's hint name.</summary>
    internal static readonly (string Resource, string Suffix)[] TemplateFiles =
    {
        ("Model.sbn-cs", "Model"),
        ("Validator.sbn-cs", "Validator"),
        ("Json.sbn-cs", "Json"),
        ("CallRules.sbn-cs", "CallRules"),
    };

    /// <summary>The template of the functions every template may call; rendered once, it writes no file.</summary>
    internal const string SharedTemplate = "Common.sbn-cs";

    private static readonly Lazy<ScriptObject> s_sharedFunctions = new Lazy<ScriptObject>(
        LoadSharedFunctions, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<Template[]> s_templates = new Lazy<Template[]>(
        () => TemplateFiles.Select(t => LoadTemplate(t.Resource)).ToArray(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string s_version =
        typeof(SchemaEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>
    /// One context per thread, reused by every render on it: a context fills its cache of member accessors once,
    /// not per template. A render takes it and gives it back only when it ended cleanly, so a failed render never
    /// leaves a half-used context behind, and a render on another thread never shares one.
    /// </summary>
    [ThreadStatic]
    private static ViewTemplateContext? s_context;

    /// <summary>Renders the four files of <paramref name="spec"/>.</summary>
    public static RenderResult Render(SchemaSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var texts = RenderTemplates(new SchemaView(spec, s_version), cancellationToken);
            var files = new GeneratedFile[texts.Length];
            for (var i = 0; i < texts.Length; i++)
                files[i] = new GeneratedFile($"{spec.Namespace}.{spec.TypeName}.{TemplateFiles[i].Suffix}.g.cs", texts[i]);
            return new RenderResult(files.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var diagnostic = new DiagnosticInfo(DiagnosticDescriptors.RenderFailed, null,
                new[] { spec.SchemaFileName, e.GetType().Name + ": " + e.Message.Replace('\n', ' ') }.ToEquatableArray());
            return new RenderResult(EquatableArray<GeneratedFile>.Empty, new[] { diagnostic }.ToEquatableArray());
        }
    }

    /// <summary>The text of each template for <paramref name="view"/>, in the order of <see cref="TemplateFiles"/>.</summary>
    internal static string[] RenderTemplates(SchemaView view, CancellationToken cancellationToken)
    {
        var globals = new ScriptObject();
        ViewAccessor.For(typeof(SchemaView)).CopyTo(view, globals);
        var templates = s_templates.Value;
        var context = s_context ?? new ViewTemplateContext();
        s_context = null;
        context.PushGlobal(globals);
        var texts = new string[templates.Length];
        for (var i = 0; i < templates.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            texts[i] = templates[i].Render(context);
        }
        context.PopGlobal();
        s_context = context;
        return texts;
    }

    /// <summary>
    /// The functions of <see cref="SharedTemplate"/>, read-only: the builtins of every render context, so each template
    /// calls them as its own without parsing or defining them again.
    /// </summary>
    internal static ScriptObject SharedFunctions => s_sharedFunctions.Value;

    private static ScriptObject LoadSharedFunctions()
    {
        var functions = new ScriptObject();
        var context = new ViewTemplateContext(functions);
        context.PushGlobal(functions);
        LoadTemplate(SharedTemplate).Render(context);
        context.PopGlobal();
        foreach (var name in functions.Keys)
            functions.SetReadOnly(name, true);
        return functions;
    }

    /// <summary>Parses the embedded template named <paramref name="resource"/>; throws on a parse error.</summary>
    internal static Template LoadTemplate(string resource) => ParseTemplate(ReadResource(resource), resource);

    /// <summary>
    /// Parses <paramref name="text"/> with its line breaks made <c>\n</c>: a checkout that turned the templates' line
    /// breaks into <c>\r\n</c> still generates <c>\n</c> only, and no render has to rewrite its output (the view's
    /// text has no <c>\r</c> before a <c>\n</c>: literals escape it, doc lines drop it). Throws on a parse error.
    /// </summary>
    internal static Template ParseTemplate(string text, string name)
    {
        var template = Template.Parse(text.Replace("\r\n", "\n"), name);
        if (template.HasErrors)
            throw new InvalidOperationException($"Template {name} has errors: {string.Join("; ", template.Messages)}");
        return template;
    }

    internal static string ReadResource(string resource)
    {
        var name = "CallRules.Generator.Templates." + resource;
        using var stream = typeof(SchemaEmitter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The template {name} is not embedded in the generator.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
