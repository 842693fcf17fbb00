using System;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using CallRules.Packaging.Tests.Infrastructure;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>What the packed .nupkg files hold: what NuGet and the compiler will find in them.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageContentTests(PackedFeed feed)
{
    [Fact]
    public void Generator_package_puts_the_generator_and_Scriban_beside_each_other_in_the_CSharp_analyzer_folder()
    {
        var entries = Entries(feed.GeneratorPackage);

        Assert.Contains("analyzers/dotnet/cs/CallRules.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Scriban.Signed.dll", entries);
    }

    [Fact]
    public void Generator_package_has_no_lib_folder_so_nothing_of_it_is_referenced_at_compile_time()
    {
        Assert.DoesNotContain(Entries(feed.GeneratorPackage), entry => entry.StartsWith("lib/", StringComparison.Ordinal));
    }

    [Fact]
    public void Generator_package_has_buildTransitive_props_and_targets_named_after_the_package()
    {
        var entries = Entries(feed.GeneratorPackage);

        Assert.Contains("buildTransitive/CallRules.Generator.props", entries);
        Assert.Contains("buildTransitive/CallRules.Generator.targets", entries);
    }

    [Fact]
    public void Generator_package_depends_on_exactly_the_runtime_of_the_same_version()
    {
        var dependencies = Nuspec(feed.GeneratorPackage).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();

        var runtime = Assert.Single(dependencies);
        Assert.Equal("CallRules.Runtime", (string?)runtime.Attribute("id"));
        Assert.Equal($"[{feed.Version}]", (string?)runtime.Attribute("version"));
    }

    [Fact]
    public void Generator_package_is_not_a_development_dependency_so_the_runtime_flows_to_consumers()
    {
        var flag = Nuspec(feed.GeneratorPackage).Descendants().SingleOrDefault(e => e.Name.LocalName == "developmentDependency");

        Assert.True(flag is null || flag.Value == "false", flag?.ToString());
    }

    [Theory]
    [InlineData("CallRules.Generator")]
    [InlineData("CallRules.Runtime")]
    public void Package_has_its_readme(string packageId)
    {
        var package = packageId == "CallRules.Generator" ? feed.GeneratorPackage : feed.RuntimePackage;

        var readme = Nuspec(package).Descendants().Single(e => e.Name.LocalName == "readme").Value;
        Assert.Equal("README.md", readme);
        Assert.Contains("README.md", Entries(package));
    }

    [Fact]
    public void Runtime_package_holds_the_runtime_library_for_net10()
    {
        Assert.Contains("lib/net10.0/CallRules.Runtime.dll", Entries(feed.RuntimePackage));
    }

    private static string[] Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    private static XDocument Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
