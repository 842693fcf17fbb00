using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CallRules.Cli.Tests;

/// <summary><c>--format json</c> and <c>--format sarif</c> on validate and compile, read back as a program would.</summary>
public class OutputFormatTests
{
    private const string SamplePassword = "Sample-Only-Pa55word";

    private static string BrokenFolder()
    {
        var folder = Cli.CopyOfSamples();
        File.WriteAllText(Path.Join(folder, "definitions", "broken.json"),
            "[\n  {\n    \"domain\": \"example.com\",\n    \"connection-orig-match-pattern\": \"sip*@192.0.2.99\",\n" +
            "    \"connection-sip-transport-protocol\": \"UPD\",\n    \"connection-sip-registration-password\": \"Leak-Me-Not\\n\"\n  }\n]\n");
        return folder;
    }

    [Fact]
    public void Json_output_is_one_document_with_every_diagnostic_located()
    {
        var folder = BrokenFolder();
        var run = Cli.Run(folder, "validate", "definitions", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal("validate", root.GetProperty("command").GetString());
        Assert.False(root.GetProperty("succeeded").GetBoolean());
        Assert.Equal(2, root.GetProperty("errors").GetInt32());
        Assert.Equal(7, root.GetProperty("files").GetInt32());
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().ToArray();
        Assert.Equal(2, diagnostics.Length);
        var first = diagnostics[0];
        Assert.Equal("CR1009", first.GetProperty("code").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(Path.Join("definitions", "broken.json"), first.GetProperty("file").GetString());
        Assert.Equal(5, first.GetProperty("line").GetInt32());
        Assert.Equal(5, first.GetProperty("column").GetInt32());
        Assert.Equal("connection-sip-transport-protocol", first.GetProperty("field").GetString());
        Assert.Equal("$[0]['connection-sip-transport-protocol']", first.GetProperty("jsonPath").GetString());
        Assert.StartsWith("'connection-sip-transport-protocol' is 'UPD'", first.GetProperty("message").GetString());
        Assert.Equal("CR1012", diagnostics[1].GetProperty("code").GetString());
        Assert.DoesNotContain("Leak-Me-Not", run.Stdout);
    }

    [Fact]
    public void Json_output_of_a_compile_lists_what_it_wrote()
    {
        var folder = Cli.TempFolder();
        var run = Cli.Run(folder, "compile", Cli.Samples, "--out", "out", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonNode.Parse(run.Stdout)!;
        Assert.True((bool)root["succeeded"]!);
        Assert.Equal(7, (int)root["definitions"]!);
        Assert.Equal([Path.Join("out", "connection.rules")], root["outputs"]!.AsArray().Select(o => (string)o!));
        Assert.Empty(root["diagnostics"]!.AsArray());
        Assert.DoesNotContain(SamplePassword, run.Stdout);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("compile")]
    public void Sarif_output_is_valid_sarif_2_1_0_with_each_result_on_its_line(string command)
    {
        var folder = BrokenFolder();
        string[] args = command == "compile"
            ? ["compile", "definitions", "--out", "out", "--format", "sarif"]
            : ["validate", "definitions", "--format", "sarif"];
        var run = Cli.Run(folder, args);

        Assert.Equal(1, run.ExitCode);
        var results = s_sarifSchema.Value.Evaluate(JsonDocument.Parse(run.Stdout).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(results.IsValid, "Not valid SARIF 2.1.0:\n" + string.Join("\n",
            (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        var log = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("2.1.0", (string)log["version"]!);
        var sarifResults = log["runs"]![0]!["results"]!.AsArray();
        Assert.Equal(2, sarifResults.Count);
        var location = sarifResults[0]!["locations"]![0]!["physicalLocation"]!;
        Assert.Equal("definitions/broken.json", (string)location["artifactLocation"]!["uri"]!);
        Assert.Equal(5, (int)location["region"]!["startLine"]!);
        Assert.Equal(5, (int)location["region"]!["startColumn"]!);
        Assert.Equal("CR1009", (string)sarifResults[0]!["ruleId"]!);
        Assert.Equal("error", (string)sarifResults[0]!["level"]!);
        Assert.DoesNotContain("Leak-Me-Not", run.Stdout);
        Assert.False(Directory.Exists(Path.Join(folder, "out")));
    }

    [Fact]
    public void Sarif_output_of_a_clean_run_is_valid_and_empty()
    {
        var run = Cli.Run(Cli.TempFolder(), "validate", Cli.Samples, "--format", "sarif");
        Assert.Equal(0, run.ExitCode);
        Assert.True(s_sarifSchema.Value.Evaluate(JsonDocument.Parse(run.Stdout).RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid);
        Assert.Empty(JsonNode.Parse(run.Stdout)!["runs"]![0]!["results"]!.AsArray());
        Assert.DoesNotContain(SamplePassword, run.Stdout);
    }

    // The published schema declares draft-04, which JsonSchema.Net does not evaluate; the SARIF schema uses nothing
    // that draft-07 reads differently (no boolean exclusiveMinimum/Maximum, '#/definitions/' references), so it is
    // evaluated as draft-07.
    private static readonly Lazy<JsonSchema> s_sarifSchema = new(() =>
    {
        var text = File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Sarif", "sarif-2.1.0-rtm.5.json"))
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#");
        return JsonSchema.FromText(text);
    });
}
