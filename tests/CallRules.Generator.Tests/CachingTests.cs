using System.Collections.Generic;
using System.Linq;
using CallRules.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CallRules.Generator.Tests;

/// <summary>
/// The pipeline depends on the schema files only: editing C# re-runs nothing, a schema edit that does not change
/// what the schema means re-emits nothing, and a real schema edit re-emits the files.
/// </summary>
public sealed class CachingTests
{
    private static readonly string[] s_trackedSteps =
    {
        TrackingNames.SchemaInput, TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Spec, TrackingNames.Render,
    };

    [Fact]
    public void First_run_reports_every_tracked_step_as_new()
    {
        var run = GeneratorHarness.Run(TestSchemas.Read("gateway"));

        Assert.Equal(s_trackedSteps.Order(), run.Result.TrackedSteps.Keys.Where(s_trackedSteps.Contains).Order());
        Assert.All(s_trackedSteps, step => Assert.All(Reasons(run, step), r => Assert.Equal(IncrementalStepRunReason.New, r)));
    }

    [Fact]
    public void Unrelated_csharp_edit_leaves_every_step_cached_and_adds_no_output()
    {
        var first = GeneratorHarness.Run(TestSchemas.Read("gateway"));
        var edited = first.Compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Consumer { public sealed class Unrelated { public int Value { get; set; } } }", GeneratorHarness.ParseOptions));

        var second = GeneratorHarness.Run(first.Driver, edited);

        foreach (var step in s_trackedSteps)
            Assert.All(Reasons(second, step), r => Assert.True(r is IncrementalStepRunReason.Cached, $"{step} was {r} after an unrelated C# edit"));
        Assert.All(OutputReasons(second), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Whitespace_only_schema_edit_parses_again_but_renders_nothing()
    {
        var text = TestSchemas.Read("gateway");
        var original = new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, text);
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { original }), GeneratorHarness.ConsumerCompilation());
        var reformatted = new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, "\n\n" + text.Replace(", ", ",  ") + "\n");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(original, reformatted), first.Compilation);

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.SchemaInput).Single());
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(second, TrackingNames.Parse).Single());
        Assert.All(Reasons(second, TrackingNames.Spec), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Spec was {r}"));
        Assert.All(Reasons(second, TrackingNames.Render), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Render was {r}"));
        Assert.All(OutputReasons(second), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"An output was {r}"));
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Real_schema_edit_renders_the_files_again()
    {
        var text = TestSchemas.Read("gateway");
        var original = new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, text);
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { original }), GeneratorHarness.ConsumerCompilation());
        var withField = new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, text.Replace(
            "{ \"name\": \"installed\",",
            "{ \"name\": \"region\", \"type\": \"string\", \"callRule\": \"Region\" },\n    { \"name\": \"installed\","));

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(original, withField), first.Compilation);

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Parse).Single());
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Spec).Single());
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Render).Single());
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(second));
        Assert.Contains("public string? Region { get; set; }", second.File("Model"));
        Assert.DoesNotContain("Region", first.File("Model"));
    }

    [Fact]
    public void With_a_baseline_an_unrelated_csharp_edit_leaves_every_step_cached()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(WithBaseline(TestSchemas.Read("gateway"))), GeneratorHarness.ConsumerCompilation());
        var edited = first.Compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Consumer { public sealed class Unrelated { } }", GeneratorHarness.ParseOptions));

        var second = GeneratorHarness.Run(first.Driver, edited);

        Assert.Empty(first.Diagnostics);
        foreach (var step in s_trackedSteps.Concat(new[] { TrackingNames.Baseline, TrackingNames.Paired }))
        {
            Assert.NotEmpty(Reasons(second, step));
            Assert.All(Reasons(second, step), r => Assert.True(r is IncrementalStepRunReason.Cached, $"{step} was {r} after an unrelated C# edit"));
        }
        Assert.All(OutputReasons(second), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_the_baseline_compares_again_but_renders_nothing()
    {
        var text = TestSchemas.Read("gateway");
        var files = WithBaseline(text);
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(files), GeneratorHarness.ConsumerCompilation());
        var stricter = new InMemoryAdditionalText(files[1].Path, files[1].GetText()!.ToString().Replace("\"maximum\": 1000", "\"maximum\": 5000"));

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(files[1], stricter), first.Compilation);

        // The schema's maximum (1000) is now lower than the baseline's (5000): a break, found without rendering again.
        Assert.Equal("CRG040", second.SingleDiagnostic().Id);
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Baseline).Single());
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Parse).Single());
        Assert.All(Reasons(second, TrackingNames.Spec), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Spec was {r}"));
        Assert.All(Reasons(second, TrackingNames.Render), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Render was {r}"));
        Assert.Equal(first.Files, second.Files);
    }

    /// <summary>A schema and its baseline: the schema itself, written in canonical form as <c>callrules baseline</c> would.</summary>
    private static AdditionalText[] WithBaseline(string schemaText)
    {
        var errors = new List<CallRules.Runtime.DefinitionError>();
        var schema = CallRules.Runtime.Schema.SchemaFile.Parse(System.Text.Encoding.UTF8.GetBytes(schemaText), "gateway.schema.json", errors)!;
        Assert.Empty(errors);
        var baseline = System.Text.Encoding.UTF8.GetString(CallRules.Runtime.Schema.SchemaBaseline.Write(schema));
        return new AdditionalText[]
        {
            new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, schemaText),
            new InMemoryAdditionalText("schema/test.schema.shipped.json", baseline),
        };
    }

    [Fact]
    public void Editing_one_schema_leaves_the_other_schemas_output_cached()
    {
        var gateway = new InMemoryAdditionalText("schema/gateway.schema.json", TestSchemas.Read("gateway"));
        var minimal = new InMemoryAdditionalText("schema/minimal.schema.json", TestSchemas.Read("minimal"));
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { gateway, minimal }), GeneratorHarness.ConsumerCompilation());
        var editedMinimal = new InMemoryAdditionalText("schema/minimal.schema.json", TestSchemas.Read("minimal").Replace("\"Number\"", "\"Extension\""));

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(minimal, editedMinimal), first.Compilation);

        var render = Reasons(second, TrackingNames.Render);
        Assert.Equal(2, render.Count);
        Assert.Single(render, r => r == IncrementalStepRunReason.Modified);
        Assert.Single(render, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.Equal(8, second.Files.Count);
    }

    [Fact]
    public void Fixing_a_schema_mistake_clears_its_diagnostic_and_generates_the_files()
    {
        var broken = new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, TestSchemas.Read("minimal").Replace("\"Number\"", "\"Num-ber\""));
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { broken }), GeneratorHarness.ConsumerCompilation());
        var fixedText = new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, TestSchemas.Read("minimal"));

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(broken, fixedText), first.Compilation);

        Assert.Equal("CRG019", first.SingleDiagnostic().Id);
        Assert.Empty(first.Files);
        Assert.Empty(second.Diagnostics);
        Assert.Equal(4, second.Files.Count);
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRun run, string step) =>
        run.Result.TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList()
            : new List<IncrementalStepRunReason>();

    private static List<IncrementalStepRunReason> OutputReasons(GeneratorRun run) =>
        run.Result.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
}
