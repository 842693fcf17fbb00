using System;
using System.IO;
using CallRules.Packaging.Tests.Infrastructure;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>
/// Projects that use the packed generator the way a user's project does: built and run with the dotnet CLI, restoring
/// from the local feed with a packages folder of their own.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ConsumerTests(PackedFeed feed)
{
    private const string GeneratedFolder = "obj/Debug/net10.0/generated/CallRules.Generator/CallRules.Generator.CallRulesGenerator";

    [Fact]
    public void Consumer_sample_builds_from_the_packages_and_prints_call_rules_JSON_and_errors()
    {
        var project = CopyConsumerSample();

        var run = feed.DotNet(project, "run", "-p:CallRulesFeed=" + feed.Feed, "-p:CallRulesVersion=" + feed.Version);

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.Output.Replace("\r\n", "\n", StringComparison.Ordinal);
        // Call rules: literal defaults (Port), a mapped enum (Transport, Enabled), defaultFrom (PingHost), an integer from a string.
        Assert.Contains("[fra1/gw1.example.net]\nSite=fra1\nHost=gw1.example.net\nPort=5060\nTransport=TLS\nPingHost=gw1.example.net\nMaxCalls=120\nEnabled=1\nAuthPassword=s3cret\n", output);
        Assert.Contains("[ams-2/192.0.2.40]\nSite=ams-2\nHost=192.0.2.40\nPort=5060\nTransport=UDP\nPingHost=192.0.2.41\nEnabled=0\n", output);
        // JSON: what was set, in schema order, the integer as a number.
        Assert.Contains("{\"site\":\"fra1\",\"host\":\"gw1.example.net\",\"transport\":\"tls\",\"max-calls\":120,\"auth-password\":\"s3cret\"}", output);
        // Errors, located, with their codes.
        Assert.Contains("gateway-bad.json(1,46): error CR1009: 'transport' is 'sctp'", output);
        Assert.Contains("error CR1001: Unknown field 'max-call' in a Gateway definition. Did you mean 'max-calls'?", output);
        Assert.Contains("error CR1008: 'site'", output);
        Assert.Contains("error CR1007: 'port' is 70000", output);
    }

    [Fact]
    public void Consumer_sample_gets_the_namespace_from_item_metadata_and_the_runtime_of_the_same_version()
    {
        var project = CopyConsumerSample();

        var build = feed.DotNet(project, "build", "-p:CallRulesFeed=" + feed.Feed, "-p:CallRulesVersion=" + feed.Version);

        Assert.True(build.ExitCode == 0, build.ToString());
        // CallRulesNamespace="Consumer.Gateways" wins over the schema's "Consumer.Gateways.FromSchema".
        Assert.True(File.Exists(Path.Combine(project, GeneratedFolder, "Consumer.Gateways.Gateway.Model.g.cs")),
            string.Join('\n', Directory.GetFiles(Path.Combine(project, "obj"), "*.g.cs", SearchOption.AllDirectories)));
        var assets = File.ReadAllText(Path.Combine(project, "obj", "project.assets.json"));
        Assert.Contains($"\"CallRules.Runtime/{feed.Version}\"", assets, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_project_gets_types_from_a_schema_file_dropped_into_it_and_ignores_schema_files_in_bin()
    {
        var project = WriteNewProject();

        var build = feed.DotNet(project, "run");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("+4930123456 route=Pbx errors=0", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project, GeneratedFolder, "Numbers.DidNumber.Model.g.cs")));
    }

    [Fact]
    public void Opting_out_of_the_schema_glob_leaves_the_project_without_generated_types()
    {
        var project = WriteNewProject();

        var build = feed.DotNet(project, "build", "-p:CallRulesIncludeSchemas=false");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error CS0246", build.Output, StringComparison.Ordinal);
        Assert.Contains("'Numbers'", build.Output, StringComparison.Ordinal);
    }

    private string CopyConsumerSample()
    {
        var target = feed.NewFolder("consumer");
        var source = RepositoryPaths.Combine("samples", "Consumer");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
                continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>
    /// What a newcomer has after <c>dotnet new console</c>, one PackageReference and a schema file in a subfolder; plus
    /// a broken schema under bin/, which the package must not hand to the generator.
    /// </summary>
    private string WriteNewProject()
    {
        var project = feed.NewFolder("newcomer");
        File.WriteAllText(Path.Combine(project, "Newcomer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <RestoreAdditionalProjectSources>{feed.Feed}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CallRules.Generator" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Numbers;

            var number = new DidNumber { Number = "+4930123456" }.WithDefaults();
            var errors = new List<CallRules.Runtime.DefinitionError>();
            number.Validate(errors);
            Console.WriteLine($"{number.Key.SectionName} route={number.Route} errors={errors.Count}");
            """);
        Directory.CreateDirectory(Path.Combine(project, "schemas"));
        File.WriteAllText(Path.Combine(project, "schemas", "did-number.schema.json"), """
            {
              "name": "DidNumber",
              "namespace": "Numbers",
              "key": ["number"],
              "fields": [
                { "name": "number", "type": "string", "required": true, "pattern": "\\+[0-9]{6,15}", "callRule": "Number" },
                { "name": "route", "type": "enum", "enumType": "RouteKind", "values": ["pbx", "voicemail"], "default": "pbx", "callRule": "Route" }
              ]
            }
            """);
        Directory.CreateDirectory(Path.Combine(project, "bin", "old"));
        File.WriteAllText(Path.Combine(project, "bin", "old", "broken.schema.json"), """{ "name": 42 }""");
        return project;
    }
}
