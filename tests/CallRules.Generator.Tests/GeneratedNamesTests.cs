using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using CallRules.Generator.Emitting;
using CallRules.Generator.Parsing;
using CallRules.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CallRules.Generator.Tests;

/// <summary>
/// The templates and the parser agree on the names generated code takes for itself through one list,
/// <see cref="GeneratedNames"/>: the parser refuses a field property that would collide with a member, and the view
/// names each field's locals around the fixed ones. These tests read the generated code and fail when a template
/// declares a member or local the list does not hold, so a new one cannot silently collide with a field.
/// </summary>
public sealed class GeneratedNamesTests
{
    public static TheoryData<string> Schemas => new() { "connection", "gateway", "awkward-names", "minimal" };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Every_member_a_template_declares_on_the_definition_type_is_reserved(string schema)
    {
        var (view, trees) = Generate(schema);
        var fieldMembers = view.Fields.SelectMany(f => new[] { f.Property, f.PatternName }).ToHashSet(StringComparer.Ordinal);

        var declared = DefinitionType(trees, view.TypeName)
            .SelectMany(type => type.Members)
            .SelectMany(MemberNames)
            .Where(name => !fieldMembers.Contains(name))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(declared);
        Assert.Empty(declared.Except(GeneratedNames.Members));
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Every_parameter_and_local_a_template_declares_is_reserved_or_claimed_for_a_field(string schema)
    {
        var (view, trees) = Generate(schema);
        var fieldLocals = view.Fields.SelectMany(f => new[] { f.Local, f.LocalAt })
            .Select(name => name.TrimStart('@'))
            .ToHashSet(StringComparer.Ordinal);

        var declared = DefinitionType(trees, view.TypeName)
            .SelectMany(type => type.DescendantNodes())
            .SelectMany(node => node switch
            {
                ParameterSyntax parameter => new[] { parameter.Identifier.ValueText },
                VariableDeclaratorSyntax variable when variable.Parent?.Parent is LocalDeclarationStatementSyntax => new[] { variable.Identifier.ValueText },
                SingleVariableDesignationSyntax designation => new[] { designation.Identifier.ValueText },
                _ => Array.Empty<string>(),
            })
            .Where(name => !fieldLocals.Contains(name))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(declared);
        Assert.Empty(declared.Except(GeneratedNames.Locals));
    }

    [Fact]
    public void Every_member_of_the_definition_interface_and_of_object_is_reserved()
    {
        var inherited = typeof(CallRules.Runtime.IDefinition<>).GetMembers()
            .Concat(typeof(object).GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            .Select(m => m.Name)
            .Where(name => !name.StartsWith("get_", StringComparison.Ordinal) && name != ".ctor");

        Assert.Empty(inherited.Except(GeneratedNames.Members));
    }

    private static (SchemaView View, IReadOnlyList<SyntaxTree> Trees) Generate(string schema)
    {
        var (text, path) = schema == "connection"
            ? (RepositoryFiles.ConnectionSchema, "schema/connection.schema.json")
            : (TestSchemas.Read(schema), $"Schemas/{schema}.schema.json");
        var spec = SchemaParser.Parse(path, SourceText.From(text), null, CancellationToken.None).Spec!;
        var view = new SchemaView(spec, "1.0.0.0");
        var trees = SchemaEmitter.RenderTemplates(view, CancellationToken.None)
            .Select(source => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions))
            .ToList();
        return (view, trees);
    }

    private static IEnumerable<ClassDeclarationSyntax> DefinitionType(IEnumerable<SyntaxTree> trees, string typeName) =>
        trees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(type => type.Identifier.ValueText == typeName);

    private static IEnumerable<string> MemberNames(MemberDeclarationSyntax member) => member switch
    {
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        ClassDeclarationSyntax nested => new[] { nested.Identifier.ValueText },
        _ => throw new InvalidOperationException($"A template declares a {member.Kind()}; teach this test its name."),
    };
}
