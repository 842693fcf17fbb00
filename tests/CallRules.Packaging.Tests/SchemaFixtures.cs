using System.Collections.Generic;
using CallRules.Runtime.Schema;

namespace CallRules.Packaging.Tests;

/// <summary>A small hand-made schema with every kind of field and keyword the writers must render.</summary>
internal static class SchemaFixtures
{
    public static DefinitionSchema Trunk { get; } = new()
    {
        Name = "Trunk",
        SchemaFile = "trunk.schema.json",
        Description = "A test trunk.",
        Key = ["site", "name"],
        Fields =
        [
            new FieldInfo { Name = "site", Property = "Site", Kind = FieldKind.String, Required = true, MaxLength = 8, Pattern = "[a-z]+", CallRule = "Site", Description = "The site." },
            new FieldInfo { Name = "name", Property = "Name", Kind = FieldKind.String, Required = true, MinLength = 3, CallRule = "Name" },
            new FieldInfo { Name = "alias", Property = "Alias", Kind = FieldKind.String, DefaultFrom = "name", CallRule = "Alias" },
            new FieldInfo { Name = "offset", Property = "Offset", Kind = FieldKind.Integer, Minimum = -10, Maximum = 10, Default = "-2", CallRule = "Offset" },
            new FieldInfo
            {
                Name = "mode", Property = "Mode", Kind = FieldKind.Enum, EnumType = "TrunkMode", Values = ["fast", "slow|safe", "`odd`"],
                ValueDescriptions = new Dictionary<string, string> { ["fast"] = "Quick | risky." },
                Map = new Dictionary<string, string> { ["fast"] = "F", ["slow|safe"] = "S", ["`odd`"] = "O" },
                Default = "fast", CallRule = "Mode",
            },
            new FieldInfo { Name = "secret-key", Property = "SecretKey", Kind = FieldKind.String, Secret = true, CallRule = "Secret" },
            new FieldInfo { Name = "starts", Property = "Starts", Kind = FieldKind.String, Format = "date-time", CallRule = "Starts" },
            new FieldInfo { Name = "legacy", Property = "Legacy", Kind = FieldKind.Object, Unsupported = "Use 'mode' instead." },
            new FieldInfo { Name = "empty-default", Property = "EmptyDefault", Kind = FieldKind.String, Default = "", CallRule = "Empty" },
        ],
    };
}
