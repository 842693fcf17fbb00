using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CallRules.Runtime.Schema;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>Generated code of the test schemas, compiled once per test run (compiling 51 fields takes a moment).</summary>
internal static class CompiledSchemas
{
    private static readonly Lazy<DefinitionType> s_connection = new(() =>
        GeneratedAssembly.Compile(TestSchemas.RunConnection().Files).Definition("CallRules.Connections.Connection"));

    private static readonly Lazy<DefinitionType> s_gateway = new(() =>
        GeneratedAssembly.Compile(TestSchemas.Run("gateway").Files).Definition("Example.Gateways.Gateway"));

    /// <summary>The Connection type generated from schema/connection.schema.json.</summary>
    public static DefinitionType Connection => s_connection.Value;

    /// <summary>The Gateway type generated from Schemas/gateway.schema.json.</summary>
    public static DefinitionType Gateway => s_gateway.Value;

    /// <summary>The generated type's <c>Schema</c>: what the schema says, as data.</summary>
    public static DefinitionSchema SchemaOf(DefinitionType definition) =>
        (DefinitionSchema)definition.Type.GetProperty("Schema")!.GetValue(null)!;

    /// <summary>
    /// A definition that sets every supported field to a valid value, as JSON: enums to their last value (so maps and
    /// defaults show), integers to their minimum plus one, strings to a value of their format.
    /// </summary>
    public static string EveryFieldSet(DefinitionSchema schema, IReadOnlyDictionary<string, string>? strings = null)
    {
        var values = new Dictionary<string, object>();
        foreach (var field in schema.Fields.Where(f => f.Unsupported is null))
        {
            values[field.Name] = field.Kind switch
            {
                FieldKind.Enum => field.Values[^1],
                FieldKind.Integer => (field.Minimum ?? 0) + 1,
                _ when strings?.TryGetValue(field.Name, out var given) == true => given!,
                _ => field.Format switch
                {
                    "utc-offset" => "-7",
                    "time-zone" => "US/Pacific",
                    "date-time" => "2025-05-19 02:41:11",
                    _ => "v" + (schema.Fields.ToList().IndexOf(field) + 1),
                },
            };
        }
        return JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true });
    }
}
