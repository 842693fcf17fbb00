using CallRules.Generator.Tests.Infrastructure;

namespace CallRules.Generator.Tests;

/// <summary>The generated code compiles without a single warning, nullable enabled and XML docs checked.</summary>
public sealed class CompilationTests
{
    [Theory]
    [InlineData("gateway", "Example.Gateways.Gateway")]
    [InlineData("minimal", "Example.Extensions.Extension")]
    [InlineData("awkward-names", "Example.Awkward.Awkward")]
    public void Small_schema_code_compiles_without_warnings(string schema, string typeName)
    {
        var assembly = GeneratedAssembly.Compile(TestSchemas.Run(schema).Files);

        Assert.True(typeof(CallRules.Runtime.IDefinition<>).MakeGenericType(assembly.Type(typeName)).IsAssignableFrom(assembly.Type(typeName)));
    }

    [Fact]
    public void Connection_code_compiles_without_warnings()
    {
        var assembly = GeneratedAssembly.Compile(TestSchemas.RunConnection().Files);

        Assert.NotNull(assembly.Type("CallRules.Connections.Connection"));
    }
}
