using System.IO;

namespace CallRules.Cli.Tests.Faults;

/// <summary>
/// Issue 10, row 7: after a definition larger than 1 MiB (CR0005, not read), the next definitions of the file are
/// still checked, as docs/error-codes.md says, however large the oversized one's single string is.
/// </summary>
public class LargeDefinitionTests
{
    [Theory]
    [InlineData(1_200_000)]   // read past token by token
    [InlineData(4_500_000)]   // one string larger than the reader can buffer: stepped over byte by byte
    [InlineData(24_000_000)]
    public void The_definitions_after_an_oversized_one_are_checked(int descriptionLength)
    {
        var folder = Cli.TempFolder();
        using (var writer = new StreamWriter(Path.Join(folder, "big.json")))
        {
            writer.Write("[\n  {\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"1\", \"description\": \"");
            writer.Write(new string('d', descriptionLength));
            writer.Write("\\\"\\\\ \\u005d } ] { /* not a comment */\", \"note\": [1, {\"a\": \"}\"}]},\n");
            writer.Write("  {\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"2\", \"connection-sip-transport-protocol\": \"UPD\"},\n");
            writer.Write("  // a comment after the skipped one\n");
            writer.Write("  {\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"3\", \"limits-max-active-calls-total\": -1}\n]\n");
        }

        var run = Cli.Run(folder, "validate", "big.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "big.json(2,3): error CR0005: The definition is larger than 1024 KiB; no definition needs that much. It is not read.",
            "big.json(3,67): error CR1009: 'connection-sip-transport-protocol' is 'UPD'; allowed values are 'UDP', 'TCP', 'TLS'. Did you mean 'UDP'?",
            "big.json(5,67): error CR1007: 'limits-max-active-calls-total' is -1; it must be between 0 and 100000.",
            "3 errors in 1 of 1 file.",
        ], run.StderrLines);
    }

    [Fact]
    public void A_syntax_error_after_a_skipped_definition_is_located_where_it_is()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "big.json"),
            "[{\"description\": \"" + new string('d', 5_000_000) + "\"},\n" +
            "  {\"domain\": \"example.com\", \"connection-orig-match-pattern\": \"2\"},\n" +
            "  {\"domain\" \"example.com\"}\n]\n");

        var run = Cli.Run(folder, "validate", "big.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "big.json(1,2): error CR0005: The definition is larger than 1024 KiB; no definition needs that much. It is not read.",
            "big.json(3,13): error CR0001: The file is not valid JSON: '\"' is invalid after a property name. Expected a ':'.",
            "2 errors in 1 of 1 file.",
        ], run.StderrLines);
    }

    [Fact]
    public void A_file_that_ends_inside_a_skipped_definition_says_so()
    {
        var folder = Cli.TempFolder();
        File.WriteAllText(Path.Join(folder, "cut.json"), "[{\"description\": \"" + new string('d', 5_000_000) + "\"");

        var run = Cli.Run(folder, "validate", "cut.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("cut.json(1,2): error CR0005: The definition is larger than 1024 KiB; no definition needs that much. It is not read.", run.StderrLines[0]);
        Assert.StartsWith("cut.json(1,5000020): error CR0001: The file is not valid JSON: it ends inside a definition.", run.StderrLines[1]);
    }
}
