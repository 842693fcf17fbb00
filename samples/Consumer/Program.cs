// A small program over the types CallRules.Generator made from gateway.schema.json: it reads gateway definitions
// (generated JSON reader), checks them (generated validator), prints their call rules (generated emitter) and their
// canonical JSON (generated writer), then shows what a mistake in a definition looks like.
using System.Buffers;
using System.Text;
using System.Text.Json;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using Consumer.Gateways;

const string goodFile = """
    [
      { "site": "fra1", "host": "gw1.example.net", "transport": "tls", "max-calls": "120", "auth-password": "s3cret" },
      { "site": "ams-2", "host": "192.0.2.40", "options-ping-host": "192.0.2.41", "enabled": "off", "notes": "Backup carrier" }
    ]
    """;

const string badFile = """
    { "site": "Fra1", "host": "gw9.example.net", "transport": "sctp", "port": 70000, "max-call": 5 }
    """;

Console.WriteLine($"Schema {Gateway.Schema.SchemaFile}: {Gateway.Schema.Fields.Count} fields, key {string.Join(", ", Gateway.Schema.Key)}");

var errors = new List<DefinitionError>();
var gateways = Read("gateways.json", goodFile, errors);
foreach (var gateway in gateways)
    gateway.Validate(errors);
if (errors.Count > 0)
{
    foreach (var error in errors)
        Console.WriteLine(error);
    return 1;
}

var rules = new ArrayBufferWriter<byte>();
var writer = new CallRuleWriter(rules);
writer.WriteHeader(Gateway.Schema);
foreach (var gateway in gateways)
{
    writer.WriteBlankLine();
    gateway.WriteCallRules(writer);
}
Console.WriteLine("--- call rules");
Console.Write(Encoding.UTF8.GetString(rules.WrittenSpan));

Console.WriteLine("--- JSON");
foreach (var gateway in gateways)
{
    var json = new ArrayBufferWriter<byte>();
    using (var jsonWriter = new Utf8JsonWriter(json))
        Gateway.WriteJson(jsonWriter, gateway);
    Console.WriteLine(Encoding.UTF8.GetString(json.WrittenSpan));
}
Console.WriteLine($"Effective port of {gateways[0].Key.SectionName}: {gateways[0].WithDefaults().Port}");

Console.WriteLine("--- errors in gateway-bad.json");
var badErrors = new List<DefinitionError>();
foreach (var gateway in Read("gateway-bad.json", badFile, badErrors))
    gateway.Validate(badErrors);
foreach (var error in badErrors)
    Console.WriteLine(error);
return 0;

// Reads a file that holds one definition or an array of them, with positions for error messages.
static List<Gateway> Read(string fileName, string text, List<DefinitionError> errors)
{
    var bytes = Encoding.UTF8.GetBytes(text);
    var context = new JsonReadContext(fileName, errors);
    context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
    var reader = new Utf8JsonReader(bytes, JsonReadContext.ReaderOptions);
    var result = new List<Gateway>();
    reader.Read();
    if (reader.TokenType == JsonTokenType.StartObject)
    {
        result.Add(Gateway.ReadJson(ref reader, context));
        return result;
    }
    var index = 0;
    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
    {
        context.SetJsonPath(JsonPaths.Element(JsonPaths.Root, index++));
        result.Add(Gateway.ReadJson(ref reader, context));
    }
    return result;
}
