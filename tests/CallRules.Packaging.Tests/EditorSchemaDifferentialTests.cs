using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallRules.Connections;
using CallRules.Runtime;
using CallRules.Runtime.Documentation;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Schema;
using Json.Schema;
using Xunit;

namespace CallRules.Packaging.Tests;

/// <summary>
/// Issue 10, row 8: the editor JSON Schema (<c>callrules schema</c>) and the CLI accept exactly the same documents.
/// Thousands of definition files are generated from the schema's fields, each value drawn from what is valid, what is
/// just past a limit, and what is written in an unusual way (<c>1e3</c>, <c>5.0</c>, <c>"-0"</c>, escapes, emoji,
/// combining marks, look-alike spaces); a real JSON Schema validator (JsonSchema.Net) and the CLI's pipeline must give
/// every one the same verdict.
/// </summary>
/// <remarks>
/// Outside the comparison, and why: what a JSON Schema cannot see — two definitions with one key (CR2001), a property
/// given twice (a parser keeps one), nesting deeper than 64 and definitions over 1 MiB (resource limits) — and what
/// this validator cannot read or rounds: unpaired surrogate escapes (it throws) and numbers beyond the precision of
/// <see cref="decimal"/> (it takes <c>1e-400</c> for the integer 0; the CLI, exactly, for a fraction).
/// </remarks>
public sealed class EditorSchemaDifferentialTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromText(DefinitionJsonSchemaWriter.ToJsonString(Connection.Schema)));

    private static bool SchemaAccepts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return s_schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    private static (bool Valid, string Errors) CliAccepts(string json)
    {
        using var result = new DefinitionCompiler<Connection>().Validate([DefinitionInput.FromBytes("d.json", Encoding.UTF8.GetBytes(json))]);
        return (result.Succeeded, string.Join("\n", result.Errors.Select(e => e.ToString())));
    }

    private static void AssertSameVerdict(IEnumerable<string> documents)
    {
        var differences = new List<string>();
        var count = 0;
        foreach (var json in documents)
        {
            count++;
            var schema = SchemaAccepts(json);
            var (cli, errors) = CliAccepts(json);
            if (schema != cli && differences.Count < 10)
                differences.Add($"schema {(schema ? "accepts" : "rejects")}, CLI {(cli ? "accepts" : "rejects")}: {json}\n  {errors}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count}+ of {count} documents judged differently:\n" + string.Join("\n", differences));
    }

    [Fact]
    public void The_cases_of_the_issue_get_the_same_verdict()
    {
        const string key = "\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"p\"";
        AssertSameVerdict(
        [
            $$"""{ {{key}}, "limits-max-active-calls-total": 1e3 }""",
            $$"""{ {{key}}, "limits-max-active-calls-total": 5.0 }""",
            $$"""{ {{key}}, "limits-max-active-calls-total": "-0" }""",
            $$"""{ {{key}}, "limits-max-active-calls-total": 1e6 }""",
            $$"""{ {{key}}, "limits-max-active-calls-total": 1.5 }""",
            $$"""{ "$schema": 5, {{key}} }""",
            $$"""{ "$schema": null, {{key}} }""",
            $$"""{ "$schema": "./x.json", {{key}} }""",
            $$"""[{ "$schema": "./x.json", {{key}} }, { "$schema": "./x.json", "domain": "b.example", "connection-orig-match-pattern": "p" }]""",
        ]);
        // Each definition of an array may name the JSON Schema once.
        Assert.True(CliAccepts($$"""[{ "$schema": "./x.json", {{key}} }, { "$schema": "./x.json", "domain": "b.example", "connection-orig-match-pattern": "p" }]""").Valid);
        Assert.True(CliAccepts($$"""{ {{key}}, "limits-max-active-calls-total": 1e3 }""").Valid);
        Assert.True(CliAccepts($$"""{ {{key}}, "limits-max-active-calls-total": 5.0 }""").Valid);
        Assert.False(CliAccepts($$"""{ "$schema": 5, {{key}} }""").Valid);
    }

    [Fact]
    public void Generated_documents_get_the_same_verdict_from_the_editor_schema_and_the_CLI()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CALLRULES_DIFFERENTIAL_SEED"), out var chosen) ? chosen : 20240610;
        var generator = new DocumentGenerator(new Random(seed), Connection.Schema);
        AssertSameVerdict(Enumerable.Range(0, 4000).Select(_ => generator.Document()));
    }

    [Fact]
    public void Every_field_value_the_generator_knows_gets_the_same_verdict_alone()
    {
        // Each value of each field, in a definition that is otherwise valid: no value hides behind another's error.
        var generator = new DocumentGenerator(new Random(1), Connection.Schema);
        AssertSameVerdict(generator.EveryValueAlone());
    }

    /// <summary>Writes definition files as JSON text, so numbers and strings keep the notation chosen for them.</summary>
    private sealed class DocumentGenerator(Random random, DefinitionSchema schema)
    {
        private readonly Dictionary<FieldInfo, string[]> _values = schema.Fields.ToDictionary(f => f, f => ValuesFor(f, schema));

        public string Document()
        {
            if (random.Next(4) == 0)
            {
                // An array: keys made distinct (CR2001 is outside the comparison), the rest drawn freely.
                var count = random.Next(0, 4);
                return "[" + string.Join(",", Enumerable.Range(0, count).Select(i => Definition(i))) + "]";
            }
            return Definition(null);
        }

        public IEnumerable<string> EveryValueAlone()
        {
            foreach (var field in schema.Fields)
            {
                foreach (var value in _values[field])
                {
                    var members = new List<string>();
                    foreach (var other in schema.Fields.Where(f => f.Required && f != field))
                        members.Add(Member(other.Name, Valid(other)));
                    members.Add(Member(field.Name, value));
                    yield return "{" + string.Join(", ", members) + "}";
                }
            }
            foreach (var value in s_schemaPropertyValues)
                yield return "{" + string.Join(", ", schema.Fields.Where(f => f.Required).Select(f => Member(f.Name, Valid(f))).Append(Member("$schema", value))) + "}";
        }

        private string Definition(int? distinct)
        {
            var members = new List<string>();
            if (random.Next(5) == 0)
                members.Add(Member("$schema", Pick(s_schemaPropertyValues)));
            foreach (var field in schema.Fields.OrderBy(_ => random.Next()))
            {
                var keyIndex = IndexOfKey(field);
                if (distinct is { } n && keyIndex == schema.Key.Count - 1)
                {
                    members.Add(Member(field.Name, JsonString("p" + n.ToString(CultureInfo.InvariantCulture))));
                    continue;
                }
                if (field.Required ? random.Next(12) == 0 : random.Next(4) != 0) continue;
                // Mostly valid values, so that the one odd value decides the verdict.
                var value = field.Required || random.Next(3) == 0 ? Pick(_values[field]) : Valid(field);
                if (distinct is not null && keyIndex >= 0) value = Valid(field);
                members.Add(Member(field.Name, value));
            }
            if (random.Next(15) == 0)
                members.Add(Member(Pick(["conection-address", "Domain", "domain ", "x"]), "1"));
            return "{" + string.Join(", ", members) + "}";
        }

        private int IndexOfKey(FieldInfo field)
        {
            for (var i = 0; i < schema.Key.Count; i++)
                if (schema.Key[i] == field.Name) return i;
            return -1;
        }

        private string Pick(IReadOnlyList<string> values) => values[random.Next(values.Count)];

        private static string Member(string name, string value) => JsonString(name) + ": " + value;

        private static string Valid(FieldInfo field) => field.Kind switch
        {
            FieldKind.Enum => JsonString(field.Values[0]),
            FieldKind.Integer => (field.Minimum ?? 0).ToString(CultureInfo.InvariantCulture),
            FieldKind.Object => field.Unsupported is null ? "{}" : "null",
            _ when field.Unsupported is not null => "null",
            _ when field.Format == "date-time" => "\"2025-05-19 02:41:11\"",
            _ when field.Format == "time-zone" => "\"US/Pacific\"",
            _ when field.Format == "utc-offset" => "\"-7\"",
            _ => "\"a\"",
        };

        private static readonly string[] s_wrongTypes = ["null", "true", "[]", "{}", "12", "-1.5"];

        private static readonly string[] s_schemaPropertyValues =
            ["\"./connection.definitions.json\"", "\"\"", "null", "5", "true", "{}", "[\"x\"]"];

        private static string[] ValuesFor(FieldInfo field, DefinitionSchema schema)
        {
            var values = new List<string>(s_wrongTypes);
            switch (field.Kind)
            {
                case FieldKind.Enum:
                    foreach (var value in field.Values)
                    {
                        values.Add(JsonString(value));
                        values.Add(JsonString(value.ToUpperInvariant()));
                        values.Add(JsonString(value + " "));
                        values.Add(EscapedJsonString(value));
                    }
                    values.AddRange(["\"\"", "\"nope\""]);
                    break;
                case FieldKind.Integer:
                    values.AddRange(IntegerValues(field.Minimum ?? long.MinValue, field.Maximum ?? long.MaxValue));
                    break;
                case FieldKind.Object:
                    values.AddRange(["{\"a\": [1, {\"b\": null}]}", "\"{}\""]);
                    break;
                default:
                    values.AddRange(StringValues(field, schema));
                    break;
            }
            return values.Distinct().ToArray();
        }

        private static IEnumerable<string> IntegerValues(long min, long max)
        {
            var edges = new List<decimal> { 0, 1, -1, 30, min, max, (decimal)min - 1, (decimal)max + 1, long.MaxValue, (decimal)long.MaxValue + 1, long.MinValue, (decimal)long.MinValue - 1 };
            foreach (var n in edges)
            {
                var text = n.ToString(CultureInfo.InvariantCulture);
                yield return text;
                yield return text + ".0";
                yield return text + "e0";
                yield return JsonString(text);
                if (n >= 0) yield return JsonString("00" + text);
                if (n > 0 && n < 1_000_000_000_000_000m) yield return text + "0e-1";
                if (n > 0 && n < 1_000_000_000_000_000m) yield return text + "1e-1";  // not whole
            }
            yield return "1e3";
            yield return "1E+3";
            yield return "1e5";
            yield return "100000e-5";
            yield return "1.5e1";
            yield return "2.5";
            yield return "-0";
            yield return "-0.0";
            yield return "0e7";
            yield return "1e30";
            yield return "-1e30";
            yield return "1e-7";
            yield return JsonString("-0");
            yield return JsonString("+5");
            yield return JsonString(" 5");
            yield return JsonString("5 ");
            yield return JsonString("5\n");
            yield return JsonString("");
            yield return JsonString("-");
            yield return JsonString("1.0");
            yield return JsonString("1e3");
            yield return JsonString("99999999999999999999");
            yield return "\"\\u0033\\u0030\"";   // "30", escaped
            yield return JsonString("３０");     // full-width digits
        }

        private static IEnumerable<string> StringValues(FieldInfo field, DefinitionSchema schema)
        {
            var max = field.MaxLength ?? 300;
            var texts = new List<string>
            {
                "", "a", "sip*@192.0.2.10", "example.com", "a/b", " a", "a ", "   ", "a b",
                "a\u00A0", "\u00A0", "a\u200Db", "\u202Eab", "a\u00ADb", "\u3000", "\uFEFFa", "a\u2066b",
                "a\uDB40\uDC01", "a\U0001F600", "\u0007", "a\tb", "a\nb", "a\u2028b", "a\n", "a\u0085b", "a\u007Fb", "a\u009Fb",
                "é", "e\u0301", "Ω", "\u001B[31m",
                new('x', max), new('x', max + 1), new('x', Math.Max(0, max - 1)),
                string.Concat(Enumerable.Repeat("\U0001F600", max)), string.Concat(Enumerable.Repeat("\U0001F600", max + 1)),
                string.Concat(Enumerable.Repeat("e\u0301", (max + 1) / 2 + 1)),
                "x" + new string('y', max - 2) + "\U0001F600",
            };
            if (field.MinLength is { } min)
                texts.AddRange([new string('m', min), new string('m', Math.Max(0, min - 1)), string.Concat(Enumerable.Repeat("e\u0301", min / 2))]);
            if (field.Format is not null)
                texts.AddRange(FormatCandidates(field.Format));
            if (field.Pattern is not null)
                texts.AddRange(["~", "*", "a.b-c", "-a", "a-", "a..b", "A", "a_b", "a.b/c"]);
            return texts.Select(JsonString).Append(EscapedJsonString("example.com"));
        }

        private static IEnumerable<string> FormatCandidates(string format) => format switch
        {
            "date-time" =>
            [
                "2025-05-19 02:41:11", "2025-05-19T02:41:11", "2025-05-19T02:41:11Z", "2025-05-19T02:41:11.5",
                "2025-05-19T02:41:11.1234567", "2025-05-19T02:41:11.12345678", "2025-05-19T02:41:11.", "2025-05-19T02:41:11+02:00",
                "2025-05-19T02:41:11+0200", "2025-05-19T02:41:11+14:00", "2025-05-19T02:41:11+14:01", "2025-05-19T02:41:11-14:00",
                "2025-05-19T02:41:11+2:00", "2025-05-19T02:41:11z", "2025-05-19 02:41:11Z", "2024-02-29 00:00:00",
                "2023-02-29 00:00:00", "1900-02-29 00:00:00", "2000-02-29 00:00:00", "0000-01-01 00:00:00", "0001-01-01 00:00:00",
                "9999-12-31 23:59:59", "2025-04-31 00:00:00", "2025-12-31 24:00:00", "2025-12-31 23:60:00", "2025-12-31 23:59:60",
                "2025-1-01 00:00:00", "2025-05-19t02:41:11", "2025-05-19 02:41:11 ", "19/05/2025 02:41",
            ],
            "time-zone" =>
            [
                "UTC", "US/Pacific", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "EST5EDT", "pacific", "us/pacific", "US//Pacific",
                "/UTC", "US/", "US/Pac ific", "9/x", "A/9", "a", "A", new string('A', 64), new string('A', 65), "A/" + new string('b', 62),
            ],
            "utc-offset" =>
            [
                "0", "-7", "+5:30", "-07:00", "+14", "+14:00", "+14:30", "-12", "-12:00", "-12:30", "+13:45", "-11:45", "+5:15",
                "15", "-13", "+", "", "5:3", "05:300", "+05:00:00", "007", "+-5", "1:00", "00", "-0",
            ],
            _ => [],
        };

        private static string JsonString(string text) => JsonSerializer.Serialize(text);

        /// <summary>The same string with every character written as a \uXXXX escape.</summary>
        private static string EscapedJsonString(string text) =>
            "\"" + string.Concat(text.Select(c => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture))) + "\"";
    }
}
