using System.Linq;
using CallRules.Generator.Emitting;

namespace CallRules.Generator.Tests;

/// <summary>The embedded Scriban templates parse cleanly, so a broken template fails here and not in a user's build.</summary>
public sealed class TemplateTests
{
    public static TheoryData<string> Templates => new(SchemaEmitter.TemplateFiles.Select(t => t.Resource).Append(SchemaEmitter.SharedTemplate));

    [Theory]
    [MemberData(nameof(Templates))]
    public void Embedded_template_parses_without_errors(string resource)
    {
        var template = SchemaEmitter.LoadTemplate(resource);

        Assert.False(template.HasErrors, string.Join("\n", template.Messages));
        Assert.Empty(template.Messages);
    }

    [Fact]
    public void A_template_checked_out_with_CRLF_line_breaks_renders_LF_only()
    {
        // A Windows checkout may turn the templates' line breaks into CRLF; generated files always use LF.
        var template = SchemaEmitter.ParseTemplate("// a\r\n{{~ for x in [1, 2] ~}}\r\nline {{ x }}\r\n{{~ end ~}}\r\n// b\r\n", "crlf.sbn-cs");

        var text = template.Render(new ViewTemplateContext());

        Assert.Equal("// a\nline 1\nline 2\n// b\n", text);
    }

    [Fact]
    public void Every_template_file_is_embedded_and_emitted()
    {
        var names = typeof(SchemaEmitter).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("CallRules.Generator.Templates.", System.StringComparison.Ordinal))
            .Select(n => n["CallRules.Generator.Templates.".Length..])
            .Order();

        Assert.Equal(names, SchemaEmitter.TemplateFiles.Select(t => t.Resource).Append(SchemaEmitter.SharedTemplate).Order());
        Assert.Equal(new[] { "Model", "Validator", "Json", "CallRules" }, SchemaEmitter.TemplateFiles.Select(t => t.Suffix));
    }

    [Fact]
    public void Templates_write_every_type_name_with_global_qualification()
    {
        // Generated code must not depend on the consumer's usings or on names in its namespace.
        foreach (var resource in SchemaEmitter.TemplateFiles.Select(t => t.Resource).Append(SchemaEmitter.SharedTemplate))
        {
            var text = SchemaEmitter.ReadResource(resource);
            Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("using ", System.StringComparison.Ordinal));
            Assert.DoesNotContain(" System.", text);
            Assert.DoesNotContain("(System.", text);
            Assert.DoesNotContain(" CallRules.Runtime.", text);
        }
    }
}
