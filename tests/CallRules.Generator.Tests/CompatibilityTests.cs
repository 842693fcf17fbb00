using System.Globalization;
using System.Linq;
using CallRules.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Tests;

/// <summary>
/// A schema is checked against its shipped baseline (<c>x.schema.shipped.json</c> beside it): each breaking change is a
/// build error at the keyword that changed, with what breaks and how to do it safely; changes that break nothing
/// report nothing; an <c>allowBreaking</c> entry lets a reviewed break through.
/// </summary>
public sealed class CompatibilityTests
{
    private const string BaselinePath = "schema/test.schema.shipped.json";

    // ---- each breaking rule, at the keyword that changed ----

    [Fact]
    public void Removed_field_is_CRG034_at_fields_and_says_to_list_it_under_removed()
    {
        var schema = TestSchema.WithFields("""{ "name": "port", "type": "integer" }""");
        var changed = TestSchema.WithFields();

        AssertBreak(changed, Against(schema, changed), "CRG034", 5, "\"fields\"",
            "The wire name 'port' is in the shipped baseline but not in the schema, so definitions that use it will fail to compile; list it under \"removed\" with the reason");
    }

    [Fact]
    public void Earlier_name_dropped_from_renamedFrom_is_CRG034_at_renamedFrom()
    {
        var shipped = TestSchema.WithFields("""{ "name": "relay-mode", "type": "string", "renamedFrom": ["relay", "media-relay"] }""");
        var changed = TestSchema.WithFields("""{ "name": "relay-mode", "type": "string", "renamedFrom": ["media-relay"] }""");

        AssertBreak(changed, Against(shipped, changed), "CRG034", 7, "\"renamedFrom\"", "The wire name 'relay'");
    }

    [Fact]
    public void Field_renamed_without_renamedFrom_is_CRG035_at_the_new_name()
    {
        var shipped = TestSchema.WithFields("""{ "name": "max-calls", "type": "integer", "callRule": "MaxCalls" }""");
        var changed = TestSchema.WithFields("""{ "name": "max-active-calls", "type": "integer", "callRule": "MaxCalls" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG035", 7, "\"max-active-calls\"",
            "Field 'max-active-calls' looks like the shipped field 'max-calls' renamed (it has its call-rule key 'MaxCalls'), so definitions that use 'max-calls' will fail to compile; add \"renamedFrom\": [\"max-calls\"]");
    }

    [Fact]
    public void Property_changed_is_CRG036_at_property()
    {
        var shipped = TestSchema.WithFields("""{ "name": "max-calls", "type": "integer" }""");
        var changed = TestSchema.WithFields("""{ "name": "max-calls", "type": "integer", "property": "CallLimit" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG036", 7, "\"property\"",
            "The C# name of field 'max-calls' is 'CallLimit' but was 'MaxCalls' in the shipped baseline, so code that uses 'MaxCalls' will not compile; set \"property\": \"MaxCalls\" to keep it");
    }

    [Fact]
    public void Enum_type_changed_is_CRG036_at_enumType()
    {
        var shipped = TestSchema.WithFields("""{ "name": "mode", "type": "enum", "values": ["on", "off"] }""");
        var changed = TestSchema.WithFields("""{ "name": "mode", "type": "enum", "enumType": "Switch", "values": ["on", "off"] }""");

        AssertBreak(changed, Against(shipped, changed), "CRG036", 7, "\"enumType\"", "The C# name of the enum type of field 'mode' is 'Switch' but was 'Mode'");
    }

    [Fact]
    public void Type_changed_is_CRG037_at_type()
    {
        var shipped = TestSchema.WithFields("""{ "name": "port", "type": "string" }""");
        var changed = TestSchema.WithFields("""{ "name": "port", "type": "integer" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG037", 7, "\"type\"",
            "Field 'port' is of type integer but was string in the shipped baseline");
    }

    [Fact]
    public void Field_made_required_is_CRG038_at_required()
    {
        var shipped = TestSchema.WithFields("""{ "name": "port", "type": "integer" }""");
        var changed = TestSchema.WithFields("""{ "name": "port", "type": "integer", "required": true }""");

        AssertBreak(changed, Against(shipped, changed), "CRG038", 7, "\"required\"",
            "Field 'port' is required but was optional in the shipped baseline, so every definition that leaves it out will fail to compile; keep it optional");
    }

    [Fact]
    public void New_required_field_is_CRG038_at_required()
    {
        var shipped = TestSchema.WithFields();
        var changed = TestSchema.WithFields("""{ "name": "port", "type": "integer", "required": true }""");

        AssertBreak(changed, Against(shipped, changed), "CRG038", 7, "\"required\"", "Field 'port' is required but is not in the shipped baseline");
    }

    [Fact]
    public void Enum_value_removed_is_CRG039_at_values()
    {
        var shipped = TestSchema.WithFields("""{ "name": "mode", "type": "enum", "values": ["on", "off", "auto"] }""");
        var changed = TestSchema.WithFields("""{ "name": "mode", "type": "enum", "values": ["on", "off"] }""");

        AssertBreak(changed, Against(shipped, changed), "CRG039", 7, "\"values\"", "Field 'mode' no longer allows 'auto', which the shipped baseline allowed");
    }

    [Theory]
    [InlineData("\"maxLength\": 64", "\"maxLength\": 32", "maxLength", "Field 'name' has maxLength 32, stricter than maxLength 64 in the shipped baseline")]
    [InlineData("\"minLength\": 1", "\"minLength\": 2", "minLength", "Field 'name' has minLength 2, stricter than minLength 1")]
    [InlineData("\"description\": \"x\"", "\"maxLength\": 64", "maxLength", "Field 'name' has maxLength 64, stricter than none")]
    public void String_limit_tightened_is_CRG040_at_the_limit(string before, string after, string keyword, string message)
    {
        var shipped = TestSchema.WithFields($$"""{ "name": "name", "type": "string", {{before}} }""");
        var changed = TestSchema.WithFields($$"""{ "name": "name", "type": "string", {{after}} }""");

        AssertBreak(changed, Against(shipped, changed), "CRG040", 7, $"\"{keyword}\"", message);
    }

    [Theory]
    [InlineData("\"maximum\": 100", "\"maximum\": 50", "maximum", "Field 'calls' has maximum 50, stricter than maximum 100")]
    [InlineData("\"minimum\": 0", "\"minimum\": 1", "minimum", "Field 'calls' has minimum 1, stricter than minimum 0")]
    public void Integer_limit_tightened_is_CRG040_at_the_limit(string before, string after, string keyword, string message)
    {
        var shipped = TestSchema.WithFields($$"""{ "name": "calls", "type": "integer", {{before}} }""");
        var changed = TestSchema.WithFields($$"""{ "name": "calls", "type": "integer", {{after}} }""");

        AssertBreak(changed, Against(shipped, changed), "CRG040", 7, $"\"{keyword}\"", message);
    }

    [Theory]
    [InlineData("", "\"pattern\": \"[a-z]+\"", "pattern", "Field 'name' has the pattern '[a-z]+' where the shipped baseline had none")]
    [InlineData("\"pattern\": \"[a-z]+\", ", "\"pattern\": \"[a-z0-9]+\"", "pattern", "Field 'name' has the pattern '[a-z0-9]+' where the shipped baseline had '[a-z]+'")]
    [InlineData("", "\"format\": \"time-zone\"", "format", "Field 'name' has the format 'time-zone' where the shipped baseline had none")]
    public void Pattern_or_format_added_or_changed_is_CRG041(string before, string after, string keyword, string message)
    {
        var shipped = TestSchema.WithFields($$"""{ "name": "name", "type": "string", {{before}}"maxLength": 9 }""");
        var changed = TestSchema.WithFields($$"""{ "name": "name", "type": "string", {{after}}, "maxLength": 9 }""");

        AssertBreak(changed, Against(shipped, changed), "CRG041", 7, $"\"{keyword}\"", message);
    }

    [Fact]
    public void Field_made_unsupported_is_CRG042_at_unsupported()
    {
        var shipped = TestSchema.WithFields("""{ "name": "fax", "type": "string" }""");
        var changed = TestSchema.WithFields("""{ "name": "fax", "type": "string", "unsupported": "Faxes are ordinary calls now." }""");

        AssertBreak(changed, Against(shipped, changed), "CRG042", 7, "\"unsupported\"", "Field 'fax' is unsupported now, so definitions that set it will fail to compile; mark it \"deprecated\" first");
    }

    [Fact]
    public void Call_rule_key_changed_is_CRG043_at_callRule()
    {
        var shipped = TestSchema.WithFields("""{ "name": "calls", "type": "integer", "callRule": "MaxCalls" }""");
        var changed = TestSchema.WithFields("""{ "name": "calls", "type": "integer", "callRule": "CallLimit" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG043", 7, "\"callRule\"",
            "Field 'calls' wrote the call-rule key 'MaxCalls' in the shipped baseline and now writes 'CallLimit', so SIP servers that read 'MaxCalls' stop getting its line");
    }

    [Fact]
    public void Call_rule_key_removed_is_CRG043_at_the_field_name()
    {
        var shipped = TestSchema.WithFields("""{ "name": "calls", "type": "integer", "callRule": "MaxCalls" }""");
        var changed = TestSchema.WithFields("""{ "name": "calls", "type": "integer" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG043", 7, "\"calls\"", "wrote the call-rule key 'MaxCalls' in the shipped baseline and now writes none");
    }

    [Fact]
    public void Map_target_changed_is_CRG044_at_map()
    {
        var shipped = TestSchema.WithFields("""{ "name": "relay", "type": "enum", "values": ["yes", "no"], "map": { "yes": "automatic", "no": "never" }, "callRule": "Relay" }""");
        var changed = TestSchema.WithFields("""{ "name": "relay", "type": "enum", "values": ["yes", "no"], "map": { "yes": "always", "no": "never" }, "callRule": "Relay" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG044", 7, "\"map\"", "The map of field 'relay' changed (yes: automatic -> always)");
    }

    [Theory]
    [InlineData("\"default\": \"yes\"", "\"default\": \"no\"", "\"default\"", "The default of field 'relay' is 'no' but was 'yes' in the shipped baseline, so the call rules of every definition that leaves it out change")]
    [InlineData("", "\"default\": \"no\"", "\"default\"", "The default of field 'relay' is 'no' but was none")]
    [InlineData("\"default\": \"yes\"", "", "\"relay\"", "The default of field 'relay' is none but was 'yes'")]
    [InlineData("\"default\": \"yes\"", "\"defaultFrom\": \"backup\"", "\"defaultFrom\"", "The default of field 'relay' is the value of 'backup' but was 'yes'")]
    public void Default_changed_is_CRG045_at_default(string before, string after, string token, string message)
    {
        const string Backup = """{ "name": "backup", "type": "enum", "enumType": "Relay", "values": ["yes", "no"] }""";
        string Relay(string defaultKeyword) =>
            $$"""{ "name": "relay", "type": "enum", "values": ["yes", "no"], {{defaultKeyword}}{{(defaultKeyword.Length > 0 ? ", " : "")}}"callRule": "Relay" }""";
        var shipped = TestSchema.WithFields(Relay(before), Backup);
        var changed = TestSchema.WithFields(Relay(after), Backup);

        AssertBreak(changed, Against(shipped, changed), "CRG045", 7, token, message);
    }

    [Fact]
    public void Secret_removed_is_CRG046_at_secret()
    {
        var shipped = TestSchema.WithFields("""{ "name": "password", "type": "string", "secret": true }""");
        var changed = TestSchema.WithFields("""{ "name": "password", "type": "string", "secret": false }""");

        AssertBreak(changed, Against(shipped, changed), "CRG046", 7, "\"secret\"", "Field 'password' is no longer secret, so its values would appear in messages and logs");
    }

    [Fact]
    public void Key_changed_is_CRG047_at_key()
    {
        var shipped = TestSchema.WithFields("""{ "name": "site", "type": "string", "required": true }""");
        var changed = shipped.Replace("\"key\": [\"host\"]", "\"key\": [\"site\", \"host\"]");

        AssertBreak(changed, Against(shipped, changed), "CRG047", 4, "\"key\"", "The key is [site, host] but was [host] in the shipped baseline");
    }

    [Fact]
    public void Removed_name_used_again_is_CRG048_at_the_field_name()
    {
        var shipped = WithRemoved("""[{ "name": "fax", "reason": "Faxes are ordinary calls now." }]""");
        var changed = TestSchema.WithFields("""{ "name": "fax", "type": "string" }""");

        AssertBreak(changed, Against(shipped, changed), "CRG048", 7, "\"fax\"", "The wire name 'fax' is listed under \"removed\" in the shipped baseline, so it may not name a field again or leave the list");
    }

    [Fact]
    public void Removed_name_dropped_from_removed_is_CRG048_at_fields()
    {
        var shipped = WithRemoved("""[{ "name": "fax", "reason": "Faxes are ordinary calls now." }]""");
        var changed = TestSchema.WithFields();

        AssertBreak(changed, Against(shipped, changed), "CRG048", 5, "\"fields\"", "The wire name 'fax'");
    }

    [Fact]
    public void Each_break_is_reported_once_and_the_code_is_still_generated()
    {
        var shipped = TestSchema.WithFields(
            """{ "name": "calls", "type": "integer", "maximum": 100, "callRule": "MaxCalls" }""",
            """{ "name": "mode", "type": "enum", "values": ["on", "off"], "default": "on", "callRule": "Mode" }""");
        var changed = TestSchema.WithFields(
            """{ "name": "calls", "type": "integer", "maximum": 50, "callRule": "Calls" }""",
            """{ "name": "mode", "type": "enum", "values": ["on"], "default": "on", "callRule": "Mode" }""");

        var run = Against(shipped, changed);

        Assert.Equal(new[] { "CRG040 (7,43)", "CRG043 (7,58)", "CRG039 (8,39)" },
            run.Diagnostics.Select(d => $"{d.Id} ({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1})"));
        Assert.All(run.Diagnostics, d => Assert.Equal("schema/test.schema.json", d.Location.GetLineSpan().Path));
        Assert.Equal(4, run.Files.Count);
    }

    // ---- changes that break nothing report nothing ----

    [Theory]
    [InlineData("a new optional field", "", """, { "name": "region", "type": "string", "maxLength": 9, "callRule": "Region" }""")]
    [InlineData("a new optional field with a default", "", """, { "name": "region", "type": "string", "default": "eu", "callRule": "Region" }""")]
    [InlineData("a new enum value", """, { "name": "mode", "type": "enum", "values": ["on", "off"] }""", """, { "name": "mode", "type": "enum", "values": ["on", "off", "auto"] }""")]
    [InlineData("a raised maxLength", """, { "name": "note", "type": "string", "maxLength": 10 }""", """, { "name": "note", "type": "string", "maxLength": 20 }""")]
    [InlineData("a dropped maxLength", """, { "name": "note", "type": "string", "maxLength": 10 }""", """, { "name": "note", "type": "string" }""")]
    [InlineData("a lowered minimum", """, { "name": "calls", "type": "integer", "minimum": 5 }""", """, { "name": "calls", "type": "integer", "minimum": 0 }""")]
    [InlineData("a dropped pattern", """, { "name": "note", "type": "string", "pattern": "[a-z]+" }""", """, { "name": "note", "type": "string" }""")]
    [InlineData("a changed description", """, { "name": "note", "type": "string", "description": "Old." }""", """, { "name": "note", "type": "string", "description": "New.", "examples": ["x"] }""")]
    [InlineData("a field made optional", """, { "name": "note", "type": "string", "required": true }""", """, { "name": "note", "type": "string" }""")]
    [InlineData("a field deprecated", """, { "name": "note", "type": "string" }""", """, { "name": "note", "type": "string", "deprecated": "Use 'comment' instead." }""")]
    [InlineData("a field made secret", """, { "name": "note", "type": "string" }""", """, { "name": "note", "type": "string", "secret": true }""")]
    [InlineData("a call-rule key added", """, { "name": "note", "type": "string" }""", """, { "name": "note", "type": "string", "callRule": "Note" }""")]
    [InlineData("the derived property written out", """, { "name": "note", "type": "string" }""", """, { "name": "note", "type": "string", "property": "Note" }""")]
    [InlineData("a field renamed with renamedFrom", """, { "name": "note", "type": "string", "callRule": "Note" }""", """, { "name": "comment", "type": "string", "renamedFrom": ["note"], "callRule": "Note" }""")]
    [InlineData("a field removed and listed in removed", """, { "name": "note", "type": "string" }""", """], "removed": [{ "name": "note", "reason": "Notes live in the CRM now." }], "x": [""")]
    [InlineData("a field without a call-rule line moved", """, { "name": "note", "type": "string" }, { "name": "port", "type": "integer" }""", """, { "name": "port", "type": "integer" }, { "name": "note", "type": "string" }""")]
    public void Non_breaking_change_reports_nothing(string change, string before, string after)
    {
        var shipped = Schema(before);
        var changed = Schema(after);

        var run = Against(shipped, changed);

        Assert.True(run.Diagnostics.IsEmpty, $"{change}: " + string.Join("\n", run.Diagnostics.Select(GeneratorRun.Describe)));
        Assert.Equal(4, run.Files.Count);

        // The text after the host field; "x" stands for the fields array reopened after a top-level keyword.
        static string Schema(string tail) => TestSchema.WithFields().Replace("\n  ]\n}", tail + "\n  ]\n}").Replace(", \"x\": [\n  ]", "");
    }

    [Fact]
    public void A_schema_without_a_baseline_is_not_compared()
    {
        var run = GeneratorHarness.Run(TestSchema.WithFields("""{ "name": "calls", "type": "integer", "required": true }"""));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void The_connection_schema_keeps_its_shipped_baseline()
    {
        var run = GeneratorHarness.Run(
            new InMemoryAdditionalText("schema/connection.schema.json", RepositoryFiles.ConnectionSchema),
            new InMemoryAdditionalText("schema/connection.schema.shipped.json", System.IO.File.ReadAllText(RepositoryFiles.PathOf("schema/connection.schema.shipped.json"))));

        Assert.True(run.Diagnostics.IsEmpty, string.Join("\n", run.Diagnostics.Select(GeneratorRun.Describe)));
    }

    // ---- the escape hatch: allowBreaking ----

    [Fact]
    public void AllowBreaking_entry_lets_that_break_through_and_no_other()
    {
        var shipped = TestSchema.WithFields(
            """{ "name": "relay", "type": "enum", "values": ["yes", "no"], "default": "yes", "callRule": "Relay" }""",
            """{ "name": "mode", "type": "enum", "values": ["on", "off"], "default": "on", "callRule": "Mode" }""");
        var changed = WithAllowBreaking(
            """[{ "rule": "CRG045", "field": "relay", "reason": "Release 3 relays only when needed; reviewed with schema-diff." }]""",
            """{ "name": "relay", "type": "enum", "values": ["yes", "no"], "default": "no", "callRule": "Relay" }""",
            """{ "name": "mode", "type": "enum", "values": ["on", "off"], "default": "off", "callRule": "Mode" }""");

        var run = Against(shipped, changed);

        var diagnostic = run.SingleDiagnostic();
        Assert.Equal("CRG045", diagnostic.Id);
        Assert.Contains("The default of field 'mode'", Message(diagnostic));
    }

    [Fact]
    public void AllowBreaking_entry_that_matches_nothing_is_warning_CRG049_at_the_entry()
    {
        var shipped = TestSchema.WithFields("""{ "name": "relay", "type": "string", "default": "yes" }""");
        var changed = WithAllowBreaking(
            """[{ "rule": "CRG045", "field": "relay", "reason": "Shipped in release 3." }]""",
            """{ "name": "relay", "type": "string", "default": "yes" }""");

        var diagnostic = Against(shipped, changed).SingleDiagnostic();

        AssertAt(changed, diagnostic, "CRG049", 5, "{ \"rule\"");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("The \"allowBreaking\" entry for CRG045 on 'relay' matches no breaking change against the shipped baseline test.schema.shipped.json; remove it (once a baseline is refreshed, the entries for the changes it shipped are stale)", Message(diagnostic));
    }

    [Fact]
    public void AllowBreaking_without_a_baseline_says_there_is_none()
    {
        var changed = WithAllowBreaking("""[{ "rule": "CRG045", "field": "relay", "reason": "Shipped in release 3." }]""",
            """{ "name": "relay", "type": "string", "default": "yes" }""");

        var diagnostic = GeneratorHarness.Run(changed).SingleDiagnostic();

        Assert.Equal("CRG049", diagnostic.Id);
        Assert.Contains("(there is none: no test.schema.shipped.json is among the additional files)", Message(diagnostic));
    }

    [Fact]
    public void AllowBreaking_naming_a_rule_that_is_not_a_breaking_change_is_CRG052()
    {
        var changed = WithAllowBreaking("""[{ "rule": "CRG405", "field": "relay", "reason": "Reviewed." }]""",
            """{ "name": "relay", "type": "string" }""");

        var diagnostic = GeneratorHarness.Run(changed).SingleDiagnostic();

        AssertAt(changed, diagnostic, "CRG052", 5, "\"CRG405\"");
        Assert.Equal("The \"allowBreaking\" entry names 'CRG405', which is not a breaking-change rule; use one of CRG034 to CRG048; did you mean 'CRG045'?", Message(diagnostic));
    }

    [Fact]
    public void AllowBreaking_naming_an_unknown_field_is_CRG053()
    {
        var shipped = TestSchema.WithFields("""{ "name": "relay", "type": "string", "default": "yes" }""");
        var changed = WithAllowBreaking("""[{ "rule": "CRG045", "field": "rlay", "reason": "Reviewed." }]""",
            """{ "name": "relay", "type": "string", "default": "no" }""");

        var run = Against(shipped, changed);

        Assert.Equal(new[] { "CRG053", "CRG045" }, run.Diagnostics.Select(d => d.Id));
        AssertAt(changed, run.Diagnostics[0], "CRG053", 5, "\"rlay\"");
        Assert.Equal("The \"allowBreaking\" entry names the field 'rlay', which is neither in the schema nor in its shipped baseline; did you mean 'relay'?", Message(run.Diagnostics[0]));
    }

    [Fact]
    public void AllowBreaking_entry_without_a_reason_is_CRG017()
    {
        var changed = WithAllowBreaking("""[{ "rule": "CRG045", "field": "relay" }]""", """{ "name": "relay", "type": "string" }""");

        var diagnostic = GeneratorHarness.Run(changed).SingleDiagnostic();

        AssertAt(changed, diagnostic, "CRG017", 5, "{ \"rule\"");
        Assert.Equal("An entry of \"allowBreaking\" needs the keyword 'reason', which holds why the break is intended", Message(diagnostic));
    }

    // ---- the keywords deprecated, renamedFrom and removed ----

    [Fact]
    public void Earlier_name_that_is_another_field_is_CRG050_at_the_earlier_name()
    {
        var schema = TestSchema.WithFields(
            """{ "name": "relay", "type": "string" }""",
            """{ "name": "relay-mode", "type": "string", "renamedFrom": ["relay"] }""");

        var diagnostic = GeneratorHarness.Run(schema).SingleDiagnostic();

        AssertAt(schema, diagnostic, "CRG050", 8, "\"relay\"");
        Assert.Equal("The wire name 'relay' is already a field's name (line 7); a wire name may be one field's name, one earlier name (renamedFrom) or one removed name", Message(diagnostic));
    }

    [Fact]
    public void Removed_name_that_is_an_earlier_name_is_CRG050_at_the_removed_name()
    {
        var schema = WithRemoved("""[{ "name": "relay", "reason": "Gone." }]""",
            """{ "name": "relay-mode", "type": "string", "renamedFrom": ["relay"] }""");

        var diagnostic = GeneratorHarness.Run(schema).SingleDiagnostic();

        AssertAt(schema, diagnostic, "CRG050", 5, "\"relay\"");
        Assert.Contains("is already an earlier name of field 'relay-mode' (line 8)", Message(diagnostic));
    }

    [Fact]
    public void Deprecated_required_field_is_CRG051_at_required()
    {
        var schema = TestSchema.WithFields("""{ "name": "relay", "type": "string", "required": true, "deprecated": "Use 'relay-mode'." }""");

        var diagnostic = GeneratorHarness.Run(schema).SingleDiagnostic();

        AssertAt(schema, diagnostic, "CRG051", 7, "true");
        Assert.Equal("Field 'relay' is deprecated and required, so every definition must set it and then gets a warning; remove \"required\" or set it to false", Message(diagnostic));
    }

    [Theory]
    [InlineData("""{ "name": "relay", "type": "string", "renamedFrom": [] }""", "CRG027", "[]")]
    [InlineData("""{ "name": "relay", "type": "string", "renamedFrom": ["9lives"] }""", "CRG028", "\"9lives\"")]
    [InlineData("""{ "name": "relay", "type": "string", "renamedFrom": "relays" }""", "CRG016", "\"relays\"")]
    [InlineData("""{ "name": "relay", "type": "string", "deprecated": " " }""", "CRG016", "\" \"")]
    public void Malformed_evolution_keyword_is_reported_at_its_value(string field, string id, string token)
    {
        var schema = TestSchema.WithFields(field);

        AssertAt(schema, GeneratorHarness.Run(schema).SingleDiagnostic(), id, 7, token);
    }

    [Fact]
    public void Removed_entry_without_a_reason_is_CRG017()
    {
        var schema = WithRemoved("""[{ "name": "fax" }]""");

        var diagnostic = GeneratorHarness.Run(schema).SingleDiagnostic();

        AssertAt(schema, diagnostic, "CRG017", 5, "{ \"name\"");
        Assert.Equal("An entry of \"removed\" needs the keyword 'reason', which holds why it was removed and what to do instead", Message(diagnostic));
    }

    [Fact]
    public void Mistake_in_the_baseline_is_reported_in_the_baseline_file()
    {
        var shipped = TestSchema.WithFields("""{ "name": "relay", "type": "strng" }""");

        var run = Against(shipped, TestSchema.WithFields());

        var diagnostic = run.SingleDiagnostic();
        Assert.Equal("CRG003", diagnostic.Id);
        Assert.Equal(BaselinePath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(4, run.Files.Count);
    }

    // ---- helpers ----

    private static GeneratorRun Against(string shipped, string schema) =>
        GeneratorHarness.Run(
            new InMemoryAdditionalText(GeneratorHarness.DefaultSchemaPath, schema),
            new InMemoryAdditionalText(BaselinePath, shipped));

    /// <summary>The test schema with a <c>removed</c> keyword on line 5 (so the fields start on line 6, host on 7).</summary>
    private static string WithRemoved(string removed, params string[] fields) =>
        InsertTopLevel("\"removed\": " + removed, fields);

    /// <summary>The test schema with an <c>allowBreaking</c> keyword on line 5 (so the fields start on line 6, host on 7).</summary>
    private static string WithAllowBreaking(string entries, params string[] fields) =>
        InsertTopLevel("\"allowBreaking\": " + entries, fields);

    private static string InsertTopLevel(string keyword, string[] fields) =>
        TestSchema.WithFields(fields).Replace("  \"fields\": [\n", "  " + keyword + ",\n  \"fields\": [\n");

    /// <summary>Asserts the run has exactly one diagnostic, <paramref name="id"/>, at <paramref name="token"/> on <paramref name="line"/>.</summary>
    private static void AssertBreak(string schema, GeneratorRun run, string id, int line, string token, string message)
    {
        var diagnostic = run.SingleDiagnostic();
        AssertAt(schema, diagnostic, id, line, token);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(message, Message(diagnostic));
        // The schema is valid: the build fails on the break, but the types are there (no cascade of missing types).
        Assert.Equal(4, run.Files.Count);
    }

    /// <summary>Asserts <paramref name="diagnostic"/> is <paramref name="id"/> at the first <paramref name="token"/> on the 1-based <paramref name="line"/>.</summary>
    private static void AssertAt(string text, Diagnostic diagnostic, string id, int line, string token)
    {
        var lineText = text.Split('\n')[line - 1];
        var column = lineText.IndexOf(token, System.StringComparison.Ordinal) + 1;
        Assert.True(column > 0, $"'{token}' is not on line {line}: {lineText}");
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.True(diagnostic.Id == id && start.Line + 1 == line && start.Character + 1 == column,
            $"Expected {id} at ({line},{column}), at {token}; got {GeneratorRun.Describe(diagnostic)}");
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);
}
