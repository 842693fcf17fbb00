using System.Globalization;
using System.Linq;
using CallRules.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CallRules.Generator.Tests;

/// <summary>
/// Every schema mistake is a build error with a stable ID, at the line and column of the keyword or value in the
/// schema file (1-based, as an editor shows them), with a message that says how to fix it.
/// </summary>
public sealed class DiagnosticTests
{
    // ---- CRG001 malformed JSON ----

    [Fact]
    public void Trailing_comma_is_malformed_json_at_the_closing_brace()
    {
        var diagnostic = Report("""
            {
              "name": "Gateway",
              "fields": [],
            }
            """);

        AssertAt(diagnostic, "CRG001", 4, 1);
        Assert.Contains("a comma before '}' is not allowed (no trailing commas)", Message(diagnostic));
    }

    [Fact]
    public void Unclosed_string_is_malformed_json_at_its_opening_quote_and_says_to_close_it()
    {
        var diagnostic = Report("""
            {
              "name": "Gateway,
              "namespace": "Example.Gateways"
            }
            """);

        // A raw line break ends the string first: that is where the reader gives up.
        AssertAt(diagnostic, "CRG001", 2, 20);
        Assert.Contains("escape it", Message(diagnostic));
    }

    [Fact]
    public void String_cut_off_by_the_end_of_the_file_says_to_add_the_closing_quote()
    {
        var diagnostic = Report("{\n  \"name\": \"Gateway");

        AssertAt(diagnostic, "CRG001", 2, 11);
        Assert.Contains("add the closing '\"'", Message(diagnostic));
    }

    [Fact]
    public void Empty_schema_file_is_malformed_json_at_its_start()
    {
        var diagnostic = Report("  \n");

        AssertAt(diagnostic, "CRG001", 1, 1);
        Assert.Contains("the file is empty; a schema file holds one JSON object", Message(diagnostic));
    }

    // ---- CRG002 unknown keyword ----

    [Fact]
    public void Unknown_field_keyword_points_at_the_keyword_and_suggests_the_closest()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string", "required": true, "maxLenght": 255 }"""));

        AssertAt(diagnostic, "CRG002", 6, 59);
        Assert.Equal("'maxLenght' is not a keyword of a field; did you mean 'maxLength'?", Message(diagnostic));
    }

    [Fact]
    public void Unknown_top_level_keyword_points_at_the_keyword_and_suggests_the_closest()
    {
        var diagnostic = Report("""
            {
              "name": "Gateway",
              "namespace": "Example.Gateways",
              "descripton": "A gateway.",
              "key": ["host"],
              "fields": [
                { "name": "host", "type": "string", "required": true }
              ]
            }
            """);

        AssertAt(diagnostic, "CRG002", 4, 3);
        Assert.Equal("'descripton' is not a keyword of a schema; did you mean 'description'?", Message(diagnostic));
    }

    [Fact]
    public void Unknown_keyword_in_an_enum_value_object_suggests_description()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "relay", "type": "enum", "values": [{ "value": "yes", "descripton": "Relay." }, "no"] }"""));

        AssertAt(diagnostic, "CRG002", 7, 69);
        Assert.Equal("'descripton' is not a keyword of an enum value; did you mean 'description'?", Message(diagnostic));
    }

    // ---- CRG003 unknown type ----

    [Fact]
    public void Unknown_type_points_at_the_type_lists_the_types_and_suggests_the_closest()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "max-calls", "type": "integr" }"""));

        AssertAt(diagnostic, "CRG003", 7, 36);
        Assert.Equal(
            "Field 'max-calls' has type 'integr', which is not a schema type; use one of: string, integer, enum, object; did you mean 'integer'?",
            Message(diagnostic));
    }

    // ---- CRG004 duplicate field name ----

    [Fact]
    public void Duplicate_field_name_points_at_the_second_and_names_the_line_of_the_first()
    {
        var diagnostic = Report(TestSchema.WithFields(
            """{ "name": "port", "type": "integer" }""",
            """{ "name": "host", "type": "string" }"""));

        AssertAt(diagnostic, "CRG004", 8, 15);
        Assert.Equal("Field 'host' is defined twice; the first definition is at line 6; rename or remove one", Message(diagnostic));
    }

    // ---- CRG005 two fields, one C# name ----

    [Fact]
    public void Wire_names_that_derive_the_same_property_point_at_the_second_and_say_to_set_property()
    {
        var diagnostic = Report(TestSchema.WithFields(
            """{ "name": "sip-uri", "type": "string" }""",
            """{ "name": "sip_uri", "type": "string" }"""));

        AssertAt(diagnostic, "CRG005", 8, 15);
        Assert.Equal("Fields 'sip-uri' and 'sip_uri' both become the C# name 'SipUri'; set \"property\" on one of them", Message(diagnostic));
    }

    [Fact]
    public void Explicit_property_that_repeats_another_fields_name_points_at_the_property()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "host-name", "property": "Host", "type": "string" }"""));

        AssertAt(diagnostic, "CRG005", 7, 40);
        Assert.Contains("both become the C# name 'Host'; set \"property\"", Message(diagnostic));
    }

    // ---- CRG006 same call-rule key ----

    [Fact]
    public void Repeated_call_rule_key_points_at_the_second_and_names_both_fields()
    {
        var diagnostic = Report(TestSchema.WithHost(
            """{ "name": "host", "type": "string", "required": true, "callRule": "Host" }""",
            """{ "name": "backup-host", "type": "string", "callRule": "Host" }"""));

        AssertAt(diagnostic, "CRG006", 7, 60);
        Assert.Equal("Fields 'host' and 'backup-host' both write the call-rule key 'Host'; call-rule keys must be unique", Message(diagnostic));
    }

    // ---- CRG007 default breaks the field's rules ----

    [Fact]
    public void Default_longer_than_maxLength_points_at_the_default()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "code", "type": "string", "maxLength": 3, "default": "ABCD" }"""));

        AssertAt(diagnostic, "CRG007", 7, 68);
        Assert.Equal("The default of field 'code' is not valid: it is 4 characters long; the maximum is 3", Message(diagnostic));
    }

    [Theory]
    [InlineData("date-time", "2025-02-30 00:00:00")]
    [InlineData("date-time", "2025-05-19 02:41:11Z")]
    [InlineData("time-zone", "America/Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("utc-offset", "+14:30")]
    public void Default_the_runtime_would_reject_is_refused_at_build_time(string format, string value)
    {
        // These once passed the generator's own copy of the format checks while every definition then failed them.
        var diagnostic = Report(TestSchema.WithFields($$"""{ "name": "at", "type": "string", "format": "{{format}}", "default": "{{value}}" }"""));

        Assert.Equal("CRG007", diagnostic.Id);
        Assert.StartsWith($"The default of field 'at' is not valid: '{value}' is not in the format {format}: expected ", Message(diagnostic));
    }

    [Fact]
    public void Default_that_does_not_match_the_pattern_points_at_the_default()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "code", "type": "string", "pattern": "[A-Z]+", "default": "ab1" }"""));

        AssertAt(diagnostic, "CRG007", 7, 73);
        Assert.Equal("The default of field 'code' is not valid: 'ab1' does not match the pattern [A-Z]+", Message(diagnostic));
    }

    [Fact]
    public void Enum_default_that_is_not_a_value_lists_the_values_and_suggests_the_closest()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "transport", "type": "enum", "values": ["UDP", "TCP", "TLS"], "default": "UPD" }"""));

        AssertAt(diagnostic, "CRG007", 7, 88);
        Assert.Equal("The default of field 'transport' is not valid: 'UPD' is not one of its values (UDP, TCP, TLS); did you mean 'UDP'?", Message(diagnostic));
    }

    [Fact]
    public void Integer_default_outside_the_range_names_the_range()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "max-calls", "type": "integer", "minimum": 0, "maximum": 100, "default": 500 }"""));

        AssertAt(diagnostic, "CRG007", 7, 88);
        Assert.Equal("The default of field 'max-calls' is not valid: 500 is outside the field's range (0 to 100)", Message(diagnostic));
    }

    [Fact]
    public void Default_and_defaultFrom_together_point_at_default_and_say_to_keep_one()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "backup-host", "type": "string", "default": "", "defaultFrom": "host" }"""));

        AssertAt(diagnostic, "CRG007", 7, 48);
        Assert.Contains("a field has either 'default' or 'defaultFrom', not both", Message(diagnostic));
    }

    // ---- CRG008..CRG010 defaultFrom ----

    [Fact]
    public void DefaultFrom_an_unknown_field_points_at_the_name_and_suggests_the_closest()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "backup-host", "type": "string", "defaultFrom": "hots" }"""));

        AssertAt(diagnostic, "CRG008", 7, 63);
        Assert.Equal("Field 'backup-host' takes its default from 'hots', which is not a field of this schema; did you mean 'host'?", Message(diagnostic));
    }

    [Fact]
    public void DefaultFrom_a_field_of_another_type_names_both_types()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "max-calls", "type": "integer", "defaultFrom": "host" }"""));

        AssertAt(diagnostic, "CRG009", 7, 62);
        Assert.Equal(
            "Field 'max-calls' (an integer) takes its default from 'host', which is a string; a default must come from a field of the same type",
            Message(diagnostic));
    }

    [Fact]
    public void DefaultFrom_an_enum_of_another_enum_type_names_both_enum_types()
    {
        var diagnostic = Report(TestSchema.WithFields(
            """{ "name": "relay", "type": "enum", "enumType": "RelayMode", "values": ["yes", "no"] }""",
            """{ "name": "record", "type": "enum", "enumType": "YesNo", "values": ["yes", "no"], "defaultFrom": "relay" }"""));

        AssertAt(diagnostic, "CRG009", 8, 102);
        Assert.Contains("(an enum of type YesNo) takes its default from 'relay', which is an enum of type RelayMode", Message(diagnostic));
    }

    [Fact]
    public void DefaultFrom_cycle_is_reported_once_with_the_whole_cycle()
    {
        var diagnostic = Report(TestSchema.WithFields(
            """{ "name": "a", "type": "string", "defaultFrom": "b" }""",
            """{ "name": "b", "type": "string", "defaultFrom": "c" }""",
            """{ "name": "c", "type": "string", "defaultFrom": "a" }"""));

        AssertAt(diagnostic, "CRG010", 7, 53);
        Assert.Equal(
            "The defaults of fields form a cycle: 'a' → 'b' → 'c' → 'a'; break it by giving one field a literal default or none",
            Message(diagnostic));
    }

    // ---- CRG011, CRG012 map ----

    [Fact]
    public void Map_missing_a_value_points_at_map_and_names_the_value()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "relay", "type": "enum", "values": ["yes", "optional", "no"], "map": { "yes": "automatic", "no": "never" } }"""));

        AssertAt(diagnostic, "CRG011", 7, 77);
        Assert.Equal("The map of field 'relay' has no entry for the value 'optional'; map every allowed value", Message(diagnostic));
    }

    [Fact]
    public void Map_of_an_unknown_value_points_at_the_entry_and_suggests_the_closest_value()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "relay", "type": "enum", "values": ["yes", "no"], "map": { "yes": "automatic", "no": "never", "noo": "never" } }"""));

        AssertAt(diagnostic, "CRG012", 7, 109);
        Assert.Equal("The map of field 'relay' maps 'noo', which is not one of its values (yes, no); did you mean 'no'?", Message(diagnostic));
    }

    // ---- CRG013 key names an unknown field ----

    [Fact]
    public void Key_naming_an_unknown_field_points_at_the_name_and_suggests_the_closest()
    {
        var diagnostic = Report(TestSchema.WithKey("""["hots"]"""));

        AssertAt(diagnostic, "CRG013", 4, 11);
        Assert.Equal("The key names 'hots', which is not a field of this schema; did you mean 'host'?", Message(diagnostic));
    }

    // ---- CRG014 invalid pattern ----

    [Fact]
    public void Invalid_regular_expression_points_at_the_pattern_and_quotes_the_error_in_the_pattern_as_written()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string", "required": true, "pattern": "[a-z" }"""));

        AssertAt(diagnostic, "CRG014", 6, 70);
        Assert.StartsWith("The pattern of field 'host' is not a valid regular expression for .NET without backtracking: ", Message(diagnostic));
        // The error is about "[a-z", not the anchored form the generator compiles ("\A(?:[a-z)\z").
        Assert.Contains("'[a-z' at offset 4. Unterminated [] set. Fix the expression", Message(diagnostic));
    }

    [Fact]
    public void Pattern_that_needs_backtracking_is_rejected_so_validation_cannot_hang()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string", "required": true, "pattern": "(a)\\1" }"""));

        AssertAt(diagnostic, "CRG014", 6, 70);
        Assert.Contains("backreferences and lookarounds are not supported", Message(diagnostic));
    }

    // ---- CRG015 invalid identifier ----

    [Fact]
    public void Keyword_as_property_points_at_it_and_proposes_another_name()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "kind", "property": "class", "type": "string" }"""));

        AssertAt(diagnostic, "CRG015", 7, 35);
        Assert.Equal("The property name 'class' is not a valid C# identifier; it is a C# keyword, choose another name such as 'ClassValue'", Message(diagnostic));
    }

    [Fact]
    public void Property_that_is_not_an_identifier_says_what_an_identifier_is()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "fast-start", "property": "2Fast", "type": "string" }"""));

        AssertAt(diagnostic, "CRG015", 7, 41);
        Assert.Equal("The property name '2Fast' is not a valid C# identifier; use letters, digits and '_', starting with a letter", Message(diagnostic));
    }

    [Fact]
    public void Type_name_and_namespace_that_are_not_identifiers_are_reported_at_their_values()
    {
        var run = GeneratorHarness.Run("""
            {
              "name": "Media Gateway",
              "namespace": "Example..Gateways",
              "key": ["host"],
              "fields": [
                { "name": "host", "type": "string", "required": true }
              ]
            }
            """);

        Assert.Collection(run.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start),
            d =>
            {
                AssertAt(d, "CRG015", 2, 11);
                Assert.StartsWith("The type name 'Media Gateway' is not a valid C# identifier", Message(d));
            },
            d =>
            {
                AssertAt(d, "CRG015", 3, 16);
                Assert.StartsWith("The namespace 'Example..Gateways' is not a valid C# identifier", Message(d));
            });
    }

    [Fact]
    public void Keyword_as_enum_type_is_reported_at_the_enum_type()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "relay", "type": "enum", "enumType": "bool", "values": ["yes", "no"] }"""));

        AssertAt(diagnostic, "CRG015", 7, 52);
        Assert.Contains("The enum type name 'bool' is not a valid C# identifier; it is a C# keyword", Message(diagnostic));
    }

    // ---- CRG016 wrong kind of value ----

    [Fact]
    public void Keyword_with_a_value_of_the_wrong_kind_says_what_it_must_be()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "port", "type": "integer", "secret": "no" }"""));

        AssertAt(diagnostic, "CRG016", 7, 52);
        Assert.Equal("'secret' must be true or false; found a string", Message(diagnostic));
    }

    [Fact]
    public void Negative_maxLength_says_it_must_be_a_non_negative_whole_number()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string", "required": true, "maxLength": -1 }"""));

        AssertAt(diagnostic, "CRG016", 6, 72);
        Assert.Equal("'maxLength' must be a non-negative whole number; found negative, a fraction or too large", Message(diagnostic));
    }

    [Fact]
    public void Wire_name_with_a_space_says_what_a_wire_name_is()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "max calls", "type": "integer" }"""));

        AssertAt(diagnostic, "CRG028", 7, 15);
        Assert.Equal("The field name 'max calls' is not a valid wire name; a wire name is a letter followed by letters, digits, '-', '_' or '.'", Message(diagnostic));
    }

    [Fact]
    public void Unsupported_field_that_is_required_points_at_required()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "routes", "type": "object", "required": true, "unsupported": "Routes live in the dial plan." }"""));

        AssertAt(diagnostic, "CRG029", 7, 55);
        Assert.Equal("Field 'routes' is unsupported and required, so no definition could be valid; remove \"required\" or set it to false", Message(diagnostic));
    }

    // ---- CRG017 missing keyword ----

    [Fact]
    public void Field_without_a_type_is_reported_at_the_field_and_lists_the_types()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "port" }"""));

        AssertAt(diagnostic, "CRG017", 7, 5);
        Assert.Equal("Field 'port' needs the keyword 'type', which holds one of string, integer, enum, object", Message(diagnostic));
    }

    [Fact]
    public void Schema_without_a_key_is_reported_at_its_start_and_says_what_key_is()
    {
        var diagnostic = Report(TestSchema.WithoutKey());

        AssertAt(diagnostic, "CRG017", 1, 1);
        Assert.Equal("The schema needs the keyword 'key', which holds the names of the fields that identify one definition", Message(diagnostic));
    }

    [Fact]
    public void Enum_without_values_is_reported_at_the_field()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "relay", "type": "enum" }"""));

        AssertAt(diagnostic, "CRG017", 7, 5);
        Assert.Equal("Field 'relay' needs the keyword 'values', which holds the allowed values of an enum field", Message(diagnostic));
    }

    // ---- CRG018 keyword not for the type ----

    [Fact]
    public void String_limit_on_an_integer_field_points_at_the_keyword_and_says_where_it_applies()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "max-calls", "type": "integer", "maxLength": 4 }"""));

        AssertAt(diagnostic, "CRG018", 7, 47);
        Assert.Equal("'maxLength' does not apply to field 'max-calls' of type integer; it applies to string fields", Message(diagnostic));
    }

    [Fact]
    public void Values_on_a_string_field_say_to_use_an_enum()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "transport", "type": "string", "values": ["UDP", "TCP"] }"""));

        AssertAt(diagnostic, "CRG018", 7, 46);
        Assert.Contains("use type enum for a field with a fixed list of values", Message(diagnostic));
    }

    [Fact]
    public void Call_rule_on_an_object_field_is_reported_at_the_call_rule()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "routing", "type": "object", "callRule": "Routing" }"""));

        AssertAt(diagnostic, "CRG018", 7, 56);
        Assert.Contains("an object cannot be written to a call-rule line", Message(diagnostic));
    }

    // ---- CRG019 call-rule key ----

    [Fact]
    public void Call_rule_key_with_a_dash_points_at_the_key_and_says_what_a_key_is()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string", "required": true, "callRule": "Gateway-Host" }"""));

        AssertAt(diagnostic, "CRG019", 6, 71);
        Assert.Equal(
            "The call-rule key 'Gateway-Host' of field 'host' is not valid; a key is an ASCII letter followed by ASCII letters and digits",
            Message(diagnostic));
    }

    // ---- CRG020 unknown format ----

    [Fact]
    public void Unknown_format_lists_the_formats_and_suggests_the_closest()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "installed", "type": "string", "format": "datetime" }"""));

        AssertAt(diagnostic, "CRG020", 7, 56);
        Assert.Equal(
            "Field 'installed' has format 'datetime', which is not a known format; use one of: date-time, time-zone, utc-offset; did you mean 'date-time'?",
            Message(diagnostic));
    }

    // ---- CRG021 enum values ----

    [Fact]
    public void Enum_value_listed_twice_points_at_the_second()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "relay", "type": "enum", "values": ["yes", "no", "yes"] }"""));

        AssertAt(diagnostic, "CRG021", 7, 64);
        Assert.Equal("The values of field 'relay' are not valid: 'yes' is listed twice", Message(diagnostic));
    }

    [Fact]
    public void Enum_values_that_become_the_same_member_name_both_are_named()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "mode", "type": "enum", "values": ["fast-start", "fast_start"] }"""));

        AssertAt(diagnostic, "CRG021", 7, 64);
        Assert.Equal("The values of field 'mode' are not valid: 'fast_start' and 'fast-start' both become the C# enum member 'FastStart'", Message(diagnostic));
    }

    [Fact]
    public void Empty_enum_value_list_is_reported_at_the_list()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "mode", "type": "enum", "values": [] }"""));

        AssertAt(diagnostic, "CRG021", 7, 49);
        Assert.Equal("The values of field 'mode' are not valid: an enum needs at least one value", Message(diagnostic));
    }

    // ---- CRG022 shared enum type ----

    [Fact]
    public void Fields_sharing_an_enum_type_with_other_values_point_at_the_second_enum_type()
    {
        var diagnostic = Report(TestSchema.WithFields(
            """{ "name": "relay", "type": "enum", "enumType": "YesNo", "values": ["yes", "no"] }""",
            """{ "name": "record", "type": "enum", "enumType": "YesNo", "values": ["yes", "no", "maybe"] }"""));

        AssertAt(diagnostic, "CRG022", 8, 53);
        Assert.Equal(
            "Field 'record' uses enum type 'YesNo' with other values or another map than field 'relay'; fields that share an enumType must have the same values and map",
            Message(diagnostic));
    }

    // ---- CRG023 contradicting limits ----

    [Fact]
    public void Minimum_above_maximum_points_at_the_minimum()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "max-calls", "type": "integer", "minimum": 10, "maximum": 1 }"""));

        AssertAt(diagnostic, "CRG023", 7, 58);
        Assert.Equal("Field 'max-calls' has minimum 10 greater than maximum 1, so no value could be valid; lower minimum or raise maximum", Message(diagnostic));
    }

    [Fact]
    public void MinLength_above_maxLength_points_at_the_minLength()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string", "required": true, "minLength": 8, "maxLength": 4 }"""));

        AssertAt(diagnostic, "CRG023", 6, 72);
        Assert.Equal("Field 'host' has minLength 8 greater than maxLength 4, so no value could be valid; lower minLength or raise maxLength", Message(diagnostic));
    }

    // ---- CRG024 generated name collides ----

    [Theory]
    [InlineData("Schema")]
    [InlineData("Key")]
    [InlineData("Source")]
    [InlineData("WithDefaults")]
    [InlineData("FieldCount")]
    [InlineData("Gateway")]
    public void Property_named_like_a_generated_member_says_to_set_another_property(string property)
    {
        var diagnostic = Report(TestSchema.WithFields($$"""{ "name": "other", "property": "{{property}}", "type": "string" }"""));

        AssertAt(diagnostic, "CRG024", 7, 36);
        Assert.Equal(
            $"Field 'other' becomes the C# property '{property}', which the generated type 'Gateway' already uses; set \"property\" to another name",
            Message(diagnostic));
    }

    [Fact]
    public void Wire_name_that_derives_a_generated_member_is_reported_at_the_name()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "field-count", "type": "integer" }"""));

        AssertAt(diagnostic, "CRG024", 7, 15);
        Assert.Contains("becomes the C# property 'FieldCount', which the generated type 'Gateway' already uses", Message(diagnostic));
    }

    [Fact]
    public void Enum_type_named_like_the_definition_type_says_to_set_enumType()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "mode", "type": "enum", "enumType": "Gateway", "values": ["on", "off"] }"""));

        AssertAt(diagnostic, "CRG033", 7, 51);
        Assert.Equal(
            "The enum type of field 'mode' is named 'Gateway', like the definition type; set \"enumType\" to another name",
            Message(diagnostic));
    }

    // ---- CRG026 to CRG032: what CRG016 once said for everything ----

    [Fact]
    public void Keyword_given_twice_in_a_field_points_at_the_second()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "port", "type": "integer", "type": "string" }"""));

        AssertAt(diagnostic, "CRG026", 7, 42);
        Assert.Equal("'type' is given twice in a field; keep one", Message(diagnostic));
    }

    [Fact]
    public void Keyword_given_twice_in_the_schema_points_at_the_second()
    {
        var diagnostic = Report("""
            {
              "name": "Gateway",
              "name": "Gateway2",
              "namespace": "Example.Gateways",
              "key": ["host"],
              "fields": [{ "name": "host", "type": "string", "required": true }]
            }
            """);

        AssertAt(diagnostic, "CRG026", 3, 3);
        Assert.Equal("'name' is given twice in the schema; keep one", Message(diagnostic));
    }

    [Fact]
    public void Empty_key_says_it_must_list_a_field()
    {
        var diagnostic = Report(TestSchema.WithKey("[]"));

        AssertAt(diagnostic, "CRG027", 4, 10);
        Assert.Equal("'key' is an empty array; it must list at least one field name", Message(diagnostic));
    }

    [Fact]
    public void Empty_fields_says_it_must_list_a_field_object()
    {
        var diagnostic = GeneratorHarness.Run("""
            {
              "name": "Gateway",
              "namespace": "Example.Gateways",
              "fields": []
            }
            """).Diagnostics.Single(d => d.Id == "CRG027");

        AssertAt(diagnostic, "CRG027", 4, 13);
        Assert.Equal("'fields' is an empty array; it must list at least one field object", Message(diagnostic));
    }

    [Fact]
    public void Map_target_with_a_line_break_points_at_the_target()
    {
        var diagnostic = Report(TestSchema.WithFields("""{ "name": "mode", "type": "enum", "values": ["on", "off"], "map": { "on": "yes\n", "off": "no" } }"""));

        AssertAt(diagnostic, "CRG030", 7, 79);
        Assert.Equal(
            "The map of field 'mode' maps 'on' to a value with a control character or line break, which a call-rule line cannot hold",
            Message(diagnostic));
    }

    [Fact]
    public void Key_that_names_a_field_twice_points_at_the_second()
    {
        var diagnostic = Report(TestSchema.WithKey("""["host", "host"]"""));

        AssertAt(diagnostic, "CRG031", 4, 19);
        Assert.Equal("The key names 'host' twice; list each key field once", Message(diagnostic));
    }

    [Fact]
    public void Schema_that_is_an_array_says_a_schema_is_an_object()
    {
        var diagnostic = Report("""[ { "name": "host", "type": "string" } ]""");

        AssertAt(diagnostic, "CRG032", 1, 1);
        Assert.Equal("The schema file holds an array; a schema is one JSON object with 'name', 'namespace', 'key' and 'fields'", Message(diagnostic));
    }

    // ---- CRG025 key field not a required string ----

    [Fact]
    public void Key_naming_an_optional_field_says_key_fields_must_be_required_strings()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "string" }"""));

        AssertAt(diagnostic, "CRG025", 4, 11);
        Assert.Equal(
            "The key names 'host', which is not required; key fields must be required string fields, since their values name the call-rule section",
            Message(diagnostic));
    }

    [Fact]
    public void Key_naming_an_integer_field_names_its_type()
    {
        var diagnostic = Report(TestSchema.WithHost("""{ "name": "host", "type": "integer", "required": true }"""));

        AssertAt(diagnostic, "CRG025", 4, 11);
        Assert.Contains("The key names 'host', which is of type integer;", Message(diagnostic));
    }

    // ---- across diagnostics ----

    [Fact]
    public void Every_mistake_in_a_schema_is_reported_in_one_run_and_no_code_is_generated()
    {
        var run = GeneratorHarness.Run(TestSchema.WithHost(
            """{ "name": "host", "type": "string", "required": true, "maxLenght": 10 }""",
            """{ "name": "port", "type": "integr" }""",
            """{ "name": "host", "type": "string" }"""));

        Assert.Equal(new[] { "CRG002", "CRG003", "CRG004" }, run.Diagnostics.Select(d => d.Id).Order());
        Assert.Empty(run.Files);
    }

    [Fact]
    public void Diagnostics_point_into_the_schema_file_by_its_path()
    {
        var run = GeneratorHarness.Run("""{ "name": "Gateway" """, "config/gateways/gateway.schema.json");

        var diagnostic = run.SingleDiagnostic();
        Assert.Equal("config/gateways/gateway.schema.json", diagnostic.Location.GetLineSpan().Path);
        Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile);
    }

    [Fact]
    public void Json_schema_document_is_skipped_without_diagnostics_or_output()
    {
        var run = GeneratorHarness.Run("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "Not a CallRules schema",
              "type": "object",
              "properties": { "name": { "type": "string" } }
            }
            """, "schema/other.schema.json");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Files);
    }

    [Fact]
    public void Meta_schema_of_the_repository_is_skipped_without_diagnostics_or_output()
    {
        var run = GeneratorHarness.Run(
            System.IO.File.ReadAllText(RepositoryFiles.PathOf("schema/callrules-schema.json")),
            "schema/callrules-schema.schema.json");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Files);
    }

    [Fact]
    public void Files_not_named_schema_json_are_not_read()
    {
        var run = GeneratorHarness.Run("not json at all", "schema/notes.json");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Files);
    }

    [Fact]
    public void The_descriptor_list_holds_every_descriptor_once()
    {
        var declared = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.Select(d => d.Id).Order(), Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).Order());
    }

    [Fact]
    public void Every_descriptor_links_to_its_section_and_says_a_whole_sentence()
    {
        var docs = System.IO.File.ReadAllText(RepositoryFiles.PathOf("docs/diagnostics.md"));
        Assert.All(Diagnostics.DiagnosticDescriptors.All, descriptor =>
        {
            Assert.Equal($"https://github.com/callrules/callrules/blob/main/docs/diagnostics.md#{descriptor.Id.ToLowerInvariant()}", descriptor.HelpLinkUri);
            Assert.Contains($"\n## {descriptor.Id}\n", docs);
            // A sentence: the message says something itself, beyond the arguments filled into it.
            var format = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            var words = System.Text.RegularExpressions.Regex.Replace(format, @"\{\d\}", "").Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.True(words.Length >= 4, $"{descriptor.Id}'s message is not a sentence: {format}");
        });
    }

    [Fact]
    public void Every_error_code_links_to_its_section_of_the_error_code_docs()
    {
        var docs = System.IO.File.ReadAllText(RepositoryFiles.PathOf("docs/error-codes.md"));
        var declared = typeof(CallRules.Runtime.ErrorCodes).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.Order(), CallRules.Runtime.ErrorCodes.All.Order());
        Assert.All(declared, code =>
        {
            var error = new CallRules.Runtime.DefinitionError(code, "message");
            Assert.Equal($"https://github.com/callrules/callrules/blob/main/docs/error-codes.md#{code.ToLowerInvariant()}", error.HelpLink);
            Assert.Contains($"<a id=\"{code.ToLowerInvariant()}\"></a>\n\n### {code} ", docs);
        });
    }

    [Fact]
    public void Every_diagnostic_has_a_documented_id_and_its_released_severity()
    {
        var docs = System.IO.File.ReadAllText(RepositoryFiles.PathOf("docs/diagnostics.md"));
        var releases = System.IO.File.ReadAllText(RepositoryFiles.PathOf("generator/CallRules.Generator/AnalyzerReleases.Unshipped.md"))
            + System.IO.File.ReadAllText(RepositoryFiles.PathOf("generator/CallRules.Generator/AnalyzerReleases.Shipped.md"));

        Assert.All(Diagnostics.DiagnosticDescriptors.All, descriptor =>
        {
            // Errors, but for the one that points at a stale allowBreaking entry: a leftover, not a mistake.
            Assert.Equal(descriptor.Id == "CRG049" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Contains($"## {descriptor.Id}", docs);
            Assert.Contains($"{descriptor.Id} | CallRules.Schema | {descriptor.DefaultSeverity} |", releases);
        });
        Assert.Equal(Diagnostics.DiagnosticDescriptors.All.Count, Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    private static Diagnostic Report(string schema)
    {
        var run = GeneratorHarness.Run(schema);
        Assert.Empty(run.Files);
        return run.SingleDiagnostic();
    }

    private static void AssertAt(Diagnostic diagnostic, string id, int line, int column)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.True(
            diagnostic.Id == id && start.Line + 1 == line && start.Character + 1 == column,
            $"Expected {id} at ({line},{column}); got {GeneratorRun.Describe(diagnostic)}");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);
}
