using System.Collections.Generic;
using System.Linq;
using CallRules.Generator.Tests.Infrastructure;
using CallRules.Runtime;

namespace CallRules.Generator.Tests;

/// <summary>
/// The Connection type generated from schema/connection.schema.json, compiled and run: reading, validation,
/// defaults, value maps, call rules and the JSON round trip, checked by executing the generated code.
/// </summary>
public sealed class GeneratedCodeTests
{
    private const string Key = """
        "domain": "example.com", "connection-orig-match-pattern": "sip*@192.0.2.10"
        """;

    private static DefinitionType Connection => CompiledSchemas.Connection;

    // ---- call rules ----

    [Fact]
    public void Definition_with_only_its_key_writes_the_section_with_defaults_applied_and_mapped()
    {
        var connection = Connection.ReadValid("{" + Key + "}");

        var lines = Lines(Connection.CallRules(connection));

        Assert.Equal("[example.com/sip*@192.0.2.10]", lines[0]);
        Assert.Equal(
            new[] { "OrigMatch=sip*@192.0.2.10", "Domain=example.com", "TermMatch=sip*@192.0.2.10", "NatWan=automatic", "OrigEnabled=yes", "TermEnabled=yes", "DestHost=" },
            lines.Skip(1).Take(7));
        Assert.Contains("Transport=UDP", lines);
        Assert.Contains("MinDuration=0", lines);
        // No default, no value: no line.
        Assert.DoesNotContain(lines, l => l.StartsWith("Address=", System.StringComparison.Ordinal) || l.StartsWith("PAId=", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Call_rules_are_written_in_schema_order_one_per_field_with_a_call_rule_key()
    {
        var schema = CompiledSchemas.SchemaOf(Connection);
        var connection = Connection.ReadValid(CompiledSchemas.EveryFieldSet(schema, new Dictionary<string, string> { ["domain"] = "example.com" }));

        var keys = Lines(Connection.CallRules(connection)).Skip(1).Select(l => l[..l.IndexOf('=')]);

        Assert.Equal(schema.Fields.Where(f => f.CallRule is not null).Select(f => f.CallRule), keys);
        Assert.NotEmpty(keys);
    }

    [Fact]
    public void Custom_p_asserted_id_format_is_written_as_PAId()
    {
        var connection = Connection.ReadValid("{" + Key + """, "connection-custom-p-asserted-id-format": "<sip:+13125550100@example.com>" }""");

        Assert.Contains("PAId=<sip:+13125550100@example.com>", Lines(Connection.CallRules(connection)));
    }

    [Theory]
    [InlineData("yes", "automatic")]
    [InlineData("optional", "none")]
    [InlineData("no", "never")]
    public void Audio_relay_value_is_mapped_on_the_call_rule_line_only(string wire, string written)
    {
        var connection = Connection.ReadValid("{" + Key + $$""", "connection-audio-relay-enabled": "{{wire}}" }""");

        Assert.Contains("NatWan=" + written, Lines(Connection.CallRules(connection)));
        Assert.Contains($"\"connection-audio-relay-enabled\":\"{wire}\"", Connection.Json(connection));
    }

    [Fact]
    public void Enum_values_class_knows_wire_and_mapped_values()
    {
        var values = Connection.Type.Assembly.GetType("CallRules.Connections.AudioRelayModeValues")!;
        var mode = Connection.Type.Assembly.GetType("CallRules.Connections.AudioRelayMode")!;
        var optional = System.Enum.Parse(mode, "Optional");

        Assert.Equal("optional", values.GetMethod("ToWire")!.Invoke(null, new[] { optional }));
        Assert.Equal("none", values.GetMethod("ToCallRuleValue")!.Invoke(null, new[] { optional }));
        Assert.Equal(new[] { "yes", "optional", "no" }, (IEnumerable<string>)values.GetProperty("Wire")!.GetValue(null)!);
    }

    [Fact]
    public void Term_match_pattern_of_its_own_wins_over_the_orig_pattern()
    {
        var connection = Connection.ReadValid("{" + Key + """, "connection-term-match-pattern": "sip*@198.51.100.7" }""");

        Assert.Contains("TermMatch=sip*@198.51.100.7", Lines(Connection.CallRules(connection)));
    }

    // ---- defaults ----

    [Fact]
    public void WithDefaults_applies_literal_and_defaultFrom_defaults_to_a_copy()
    {
        var connection = Connection.ReadValid("{" + Key + "}");

        var withDefaults = Connection.WithDefaults(connection);

        Assert.Equal("sip*@192.0.2.10", Connection.Get(withDefaults, "ConnectionTermMatchPattern"));
        Assert.Equal("Yes", Connection.Get(withDefaults, "ConnectionAudioRelayEnabled")!.ToString());
        Assert.Equal(0L, Connection.Get(withDefaults, "MinimumCallDurationSeconds"));
        Assert.Equal("", Connection.Get(withDefaults, "ConnectionTranslationDestinationHost"));
        Assert.Null(Connection.Get(withDefaults, "ConnectionAddress"));
        Assert.Null(Connection.Get(connection, "ConnectionTermMatchPattern"));
    }

    [Fact]
    public void Schema_data_describes_defaults_maps_and_secrets()
    {
        var schema = CompiledSchemas.SchemaOf(Connection);

        Assert.Equal("Connection", schema.Name);
        Assert.Equal("connection.schema.json", schema.SchemaFile);
        Assert.Equal(new[] { "domain", "connection-orig-match-pattern" }, schema.Key);
        Assert.Equal(Connection.Type.GetField("FieldCount", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null), schema.Fields.Count);
        Assert.Equal("connection-orig-match-pattern", schema.Find("connection-term-match-pattern")!.DefaultFrom);
        Assert.Equal("none", schema.Find("connection-audio-relay-enabled")!.Map["optional"]);
        Assert.True(schema.Find("connection-sip-registration-password")!.Secret);
        Assert.NotNull(schema.Find("call-routing")!.Unsupported);
    }

    // ---- JSON ----

    [Fact]
    public void Json_written_and_read_back_is_the_same_definition()
    {
        var schema = CompiledSchemas.SchemaOf(Connection);
        var original = Connection.ReadValid(CompiledSchemas.EveryFieldSet(schema, new Dictionary<string, string> { ["domain"] = "example.com" }));

        var written = Connection.Json(original);
        var reread = Connection.ReadValid(written);

        Assert.Equal(written, Connection.Json(reread));
        Assert.Equal(Connection.CallRules(original), Connection.CallRules(reread));
        foreach (var property in Connection.Type.GetProperties().Where(p => p.CanWrite && p.Name != "Source"))
            Assert.Equal(property.GetValue(original), property.GetValue(reread));
    }

    [Fact]
    public void Json_writer_writes_set_fields_only_in_schema_order()
    {
        var connection = Connection.ReadValid("""
            { "connection-address": "192.0.2.1", "connection-orig-match-pattern": "sip*@192.0.2.10", "domain": "example.com" }
            """);

        Assert.Equal(
            """{"connection-orig-match-pattern":"sip*@192.0.2.10","domain":"example.com","connection-address":"192.0.2.1"}""",
            Connection.Json(connection));
    }

    [Fact]
    public void Integer_read_from_a_string_of_digits_is_written_back_as_a_number()
    {
        var connection = Connection.ReadValid("{" + Key + """, "limits-max-active-calls-orig": "0" }""");

        Assert.Equal(0L, Connection.Get(connection, "LimitsMaxActiveCallsOrig"));
        Assert.Contains("\"limits-max-active-calls-orig\":0", Connection.Json(connection));
        Assert.Contains("MaxCallsOrig=0", Lines(Connection.CallRules(connection)));
    }

    [Fact]
    public void Null_is_read_as_absent()
    {
        var connection = Connection.ReadValid("{" + Key + """, "connection-address": null, "connection-audio-relay-enabled": null }""");

        Assert.Null(Connection.Get(connection, "ConnectionAddress"));
        Assert.Contains("NatWan=automatic", Lines(Connection.CallRules(connection)));
    }

    [Fact]
    public void Unsupported_object_field_is_kept_as_raw_json_and_rejected()
    {
        var result = Connection.Read("{" + Key + """, "call-routing": { "rules": [1, 2] } }""");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.Unsupported, error.Code);
        Assert.Equal("'call-routing' is not supported: Call routing cannot be set through the v2 API; route the connection's calls with its dial plan ('dial-plan') instead. Remove it from the definition.", error.Message);
        Assert.Equal("{ \"rules\": [1, 2] }", Connection.Get(result.Definition, "CallRouting"));
    }

    // ---- validation and reading errors ----

    [Fact]
    public void Missing_key_fields_are_required_errors_at_the_object()
    {
        var result = Connection.Read("""

              {
                "description": "no key"
              }
            """);

        Assert.Equal(new[] { "connection-orig-match-pattern", "domain" }, result.Errors.Select(e => e.Field).Order());
        Assert.All(result.Errors, e =>
        {
            Assert.Equal(ErrorCodes.MissingRequired, e.Code);
            Assert.Equal(new SourcePosition(2, 3), e.Position);
            Assert.Contains("is required; set it to a non-empty string", e.Message);
        });
    }

    [Fact]
    public void Required_field_of_the_wrong_type_is_reported_once_as_a_type_error_not_as_missing()
    {
        var error = SingleError("""{ "domain": 5, "connection-orig-match-pattern": "sip*@192.0.2.10" }""");

        Assert.Equal(ErrorCodes.WrongType, error.Code);
        Assert.Equal("domain", error.Field);
    }

    [Fact]
    public void Required_field_set_to_null_is_missing()
    {
        var error = SingleError("""{ "domain": null, "connection-orig-match-pattern": "sip*@192.0.2.10" }""");

        Assert.Equal(ErrorCodes.MissingRequired, error.Code);
        Assert.Equal("domain", error.Field);
    }

    [Fact]
    public void Key_value_that_fails_its_pattern_is_not_reported_again_for_the_separator()
    {
        var error = SingleError("{" + Key.Replace("example.com", "a/b") + "}");

        Assert.Equal(ErrorCodes.PatternMismatch, error.Code);
    }

    [Fact]
    public void Schema_property_naming_the_json_schema_is_not_a_field()
    {
        var result = Connection.Read("{ \"$schema\": \"../connection.definition.schema.json\", " + Key + " }");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Enum_value_written_with_json_escapes_is_read_like_the_plain_value()
    {
        var result = Connection.Read("{" + Key + """, "connection-sip-transport-protocol": "T\u0043P" }""");

        Assert.Empty(result.Errors);
        Assert.Contains("Transport=TCP\n", Connection.CallRules(result.Definition));
    }

    [Fact]
    public void Empty_required_string_counts_as_missing()
    {
        var error = SingleError("""{ "domain": "", "connection-orig-match-pattern": "sip*@192.0.2.10" }""");

        Assert.Equal(ErrorCodes.MissingRequired, error.Code);
        Assert.Equal("domain", error.Field);
    }

    [Fact]
    public void Too_long_value_names_the_length_and_the_maximum()
    {
        var error = SingleError("{" + Key.Replace("example.com", new string('a', 65)) + "}");

        Assert.Equal(ErrorCodes.TooLong, error.Code);
        Assert.Equal("'domain' is 65 characters long; the maximum is 64.", error.Message);
    }

    [Fact]
    public void Value_that_does_not_match_the_pattern_is_reported_with_the_pattern()
    {
        var error = SingleError("{" + Key.Replace("example.com", "exa mple.com") + "}");

        Assert.Equal(ErrorCodes.PatternMismatch, error.Code);
        Assert.StartsWith("'domain' ('exa mple.com') does not match the pattern ", error.Message);
    }

    [Fact]
    public void Enum_value_not_allowed_lists_the_values_and_suggests_the_closest()
    {
        var error = SingleError("{" + Key + """, "connection-sip-transport-protocol": "UPD" }""");

        Assert.Equal(ErrorCodes.NotAllowed, error.Code);
        Assert.Equal("'connection-sip-transport-protocol' is 'UPD'; allowed values are 'UDP', 'TCP', 'TLS'. Did you mean 'UDP'?", error.Message);
    }

    [Fact]
    public void Integer_from_a_boolean_is_a_wrong_type_error()
    {
        var error = SingleError("{" + Key + """, "limits-max-active-calls-orig": true }""");

        Assert.Equal(ErrorCodes.WrongType, error.Code);
        Assert.Equal("'limits-max-active-calls-orig' must be a whole number; got a boolean (true).", error.Message);
    }

    [Theory]
    [InlineData("\"-1\"")]
    [InlineData("\"+5\"")]
    [InlineData("\"1.5\"")]
    [InlineData("1.5")]
    public void Integer_accepts_only_whole_numbers_and_strings_of_digits(string json)
    {
        var result = Connection.Read("{" + Key + $", \"limits-max-active-calls-orig\": {json} }}");

        // "-1" parses but is out of range; the others are not whole numbers.
        var error = Assert.Single(result.Errors);
        Assert.Contains(error.Code, new[] { ErrorCodes.WrongType, ErrorCodes.OutOfRange });
        Assert.Equal("limits-max-active-calls-orig", error.Field);
    }

    [Theory]
    [InlineData("1e3", 1000)]
    [InlineData("1E+3", 1000)]
    [InlineData("5.0", 5)]
    [InlineData("10000e-1", 1000)]
    [InlineData("-0", 0)]
    [InlineData("0e7", 0)]
    [InlineData("\"-0\"", 0)]
    [InlineData("\"007\"", 7)]
    [InlineData("\"\\u0033\\u0030\"", 30)]
    public void Integer_accepts_every_notation_of_a_whole_number_as_the_editor_schema_does(string json, long expected)
    {
        // Issue 10 row 8: JSON Schema's integer is any number whose value is whole; the CLI agrees.
        var result = Connection.Read("{" + Key + $", \"limits-max-active-calls-total\": {json} }}");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, Connection.Get(result.Definition, "LimitsMaxActiveCallsTotal"));
    }

    [Fact]
    public void Integer_with_a_fraction_says_to_write_a_whole_number()
    {
        var error = SingleError("{" + Key + """, "limits-max-active-calls-total": 1e-3 }""");

        Assert.Equal(ErrorCodes.WrongType, error.Code);
        Assert.Equal("'limits-max-active-calls-total' must be a whole number; got a number (1e-3). Write a whole number, without a fraction (such as 30).", error.Message);
    }

    [Fact]
    public void Schema_property_must_be_a_string()
    {
        var error = SingleError("{ \"$schema\": 5, " + Key + " }");

        Assert.Equal(ErrorCodes.WrongType, error.Code);
        Assert.Equal("$schema", error.Field);
        Assert.StartsWith("'$schema' must be a string: the path or URL of the definitions' JSON Schema", error.Message);
        Assert.EndsWith("; got a number.", error.Message);
    }

    [Fact]
    public void Schema_property_given_twice_is_a_duplicate()
    {
        var error = SingleError("{ \"$schema\": \"./a.json\",\n  \"$schema\": \"./b.json\", " + Key + " }");

        Assert.Equal(ErrorCodes.DuplicateField, error.Code);
        Assert.Equal((2, 3), (error.Position.Line, error.Position.Column));
        Assert.Equal("'$schema' appears twice in one definition; the first is at line 1, column 3. Keep one.", error.Message);
    }

    [Fact]
    public void Integer_out_of_range_names_the_range()
    {
        var error = SingleError("{" + Key + """, "limits-max-active-calls-orig": 100001 }""");

        Assert.Equal(ErrorCodes.OutOfRange, error.Code);
        Assert.Equal("'limits-max-active-calls-orig' is 100001; it must be between 0 and 100000.", error.Message);
    }

    [Fact]
    public void Unknown_field_suggests_the_closest_field()
    {
        var error = SingleError("{" + Key + """, "conection-address": "192.0.2.1" }""");

        Assert.Equal(ErrorCodes.UnknownField, error.Code);
        Assert.Equal("Unknown field 'conection-address' in a Connection definition. Did you mean 'connection-address'?", error.Message);
    }

    [Fact]
    public void Duplicate_property_is_reported_at_the_second_with_the_position_of_the_first()
    {
        var result = Connection.Read("""
            {
              "domain": "example.com",
              "connection-orig-match-pattern": "sip*@192.0.2.10",
              "domain": "example.org"
            }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.DuplicateField, error.Code);
        Assert.Equal(new SourcePosition(4, 3), error.Position);
        Assert.Equal("'domain' appears twice in one definition; the first is at line 2, column 3. Keep one.", error.Message);
        Assert.Equal("example.com", Connection.Get(result.Definition, "Domain"));
    }

    [Fact]
    public void Control_character_in_a_string_is_rejected_so_no_value_breaks_a_call_rule_line()
    {
        var error = SingleError("{" + Key + """, "dial-plan": "Inbound\nDID" }""");

        Assert.Equal(ErrorCodes.ForbiddenCharacter, error.Code);
        Assert.Equal("'dial-plan' contains U+000A (line feed) at index 7; call-rule values cannot hold control characters or line breaks.", error.Message);
    }

    [Theory]
    [InlineData("utc-offset", "+25")]
    [InlineData("time-zone", "not a zone")]
    [InlineData("connection-sip-registration-expires-datetime", "19 May 2025")]
    public void Value_not_in_the_fields_format_is_rejected(string field, string value)
    {
        var error = SingleError("{" + Key + $$""", "{{field}}": "{{value}}" }""");

        Assert.Equal(ErrorCodes.BadFormat, error.Code);
        Assert.Equal(field, error.Field);
        Assert.Contains($"('{value}') is not valid; expected ", error.Message);
    }

    [Fact]
    public void Secret_value_never_appears_in_any_message()
    {
        const string Secret = "hunter2hunter2";
        var inputs = new[]
        {
            "{" + Key + $$""", "connection-sip-registration-password": "{{Secret}}\u0007" }""",
            "{" + Key + $$""", "connection-sip-registration-password": "{{string.Concat(Enumerable.Repeat(Secret, 10))}}" }""",
            "{" + Key + """, "connection-sip-registration-password": 271828182 }""",
            "{" + Key + """, "connection-sip-registration-password": true }""",
        };

        var errors = inputs.SelectMany(json => Connection.Read(json).Errors).ToList();

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("connection-sip-registration-password", e.Field);
            Assert.DoesNotContain("hunter2", e.ToString());
            Assert.DoesNotContain("271828182", e.ToString());
        });
        Assert.Equal(new[] { ErrorCodes.ForbiddenCharacter, ErrorCodes.TooLong, ErrorCodes.WrongType, ErrorCodes.WrongType }, errors.Select(e => e.Code));
    }

    [Fact]
    public void Errors_carry_the_file_the_json_path_and_the_line_and_column_of_the_property()
    {
        var result = Connection.Read("""
            {
              "domain": "example.com",
              "connection-orig-match-pattern": "sip*@192.0.2.10",
                "connection-sip-transport-protocol": "UPD",
              "limits-max-active-calls-total": -4,
              "conection-address": "192.0.2.1"
            }
            """, "definitions/carrier.json");

        Assert.Equal(
            new[]
            {
                "definitions/carrier.json(4,5): error CR1009: 'connection-sip-transport-protocol' is 'UPD'; allowed values are 'UDP', 'TCP', 'TLS'. Did you mean 'UDP'?",
                "definitions/carrier.json(6,3): error CR1001: Unknown field 'conection-address' in a Connection definition. Did you mean 'connection-address'?",
                "definitions/carrier.json(5,3): error CR1007: 'limits-max-active-calls-total' is -4; it must be between 0 and 100000.",
            },
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(
            new[] { "$['connection-sip-transport-protocol']", "$['conection-address']", "$['limits-max-active-calls-total']" },
            result.Errors.Select(e => e.JsonPath));
    }

    [Fact]
    public void Valid_definition_built_in_code_validates_without_a_source()
    {
        var connection = Connection.Create();
        Connection.Set(connection, "Domain", "example.com");
        Connection.Set(connection, "ConnectionOrigMatchPattern", "sip*@192.0.2.10");
        Connection.Set(connection, "ConnectionSipTransportProtocol", "Tls");
        Connection.Set(connection, "LimitsMaxActiveCallsOrig", 200_000L);

        var error = Assert.Single(Connection.Validate(connection));

        Assert.Equal(ErrorCodes.OutOfRange, error.Code);
        Assert.Null(error.File);
        Assert.False(error.Position.IsKnown);
        Assert.Equal("$['limits-max-active-calls-orig']", error.JsonPath);
        Assert.Contains("Transport=TLS", Lines(Connection.CallRules(connection)));
    }

    private static DefinitionError SingleError(string json)
    {
        var result = Connection.Read(json);
        Assert.True(result.Errors.Count == 1, "Expected one error, got:\n" + string.Join("\n", result.Errors));
        return result.Errors[0];
    }

    private static string[] Lines(string text)
    {
        Assert.EndsWith("\n", text);
        Assert.DoesNotContain('\r', text);
        return text[..^1].Split('\n');
    }
}
