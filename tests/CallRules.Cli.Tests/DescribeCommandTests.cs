using System.IO;
using System.Linq;
using System.Text.Json;

namespace CallRules.Cli.Tests;

public class DescribeCommandTests
{
    [Fact]
    public void Schema_prints_a_json_schema_that_lists_every_connection_field()
    {
        var run = Cli.Run(Cli.TempFolder(), "schema");
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var properties = document.RootElement.GetProperty("$defs").GetProperty("Connection").GetProperty("properties");
        var names = properties.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("connection-sip-transport-protocol", names);
        // Every field of the schema file and "$schema": counted from the schema, so adding a field changes nothing here.
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Join(Cli.RepositoryRoot, "schema", "connection.schema.json")));
        var fields = schema.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!);
        Assert.Equal(fields.Append("$schema").Order(), names.Order());
    }

    [Fact]
    public void Docs_with_out_writes_the_same_reference_it_prints()
    {
        var folder = Cli.TempFolder();
        var printed = Cli.Run(folder, "docs");
        var written = Cli.Run(folder, "docs", "--out", "fields.md");
        Assert.Equal(0, written.ExitCode);
        Assert.Equal("Wrote the field reference of connection definitions to fields.md.", written.Stdout.Trim());
        Assert.StartsWith("# Connection fields", printed.Stdout);
        Assert.Equal(printed.Stdout.Replace("\r\n", "\n"), File.ReadAllText(Path.Join(folder, "fields.md")));
        Assert.Equal(["fields.md"], Cli.Entries(folder));
    }

    [Fact]
    public void Schema_takes_no_definition_files()
    {
        var run = Cli.Run(Cli.TempFolder(), "schema", "a.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("callrules: error: 'schema' takes no definition files; it describes the schema itself.", run.StderrLines[0]);
    }
}
