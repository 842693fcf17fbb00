using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CallRules.Connections;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Definitions;
using CallRules.Runtime.Pipeline;
using CallRules.Runtime.Planning;
using CallRules.Runtime.Schema;

namespace CallRules.Fuzz;

/// <summary>A property of a fuzz target that an input broke: the fuzzer reports it as a crash.</summary>
public sealed class FuzzPropertyException(string message) : Exception(message);

/// <summary>
/// The fuzz targets: each takes any bytes and checks properties that must hold for every input. An exception that
/// escapes (a <see cref="FuzzPropertyException"/> or any other) is a finding.
/// </summary>
/// <remarks>
/// The documented outcome of bad input is a located error in the result, never an exception: the pipeline throws
/// only <see cref="TemporaryStorageException"/> (the temporary folder fails; not reachable from bytes in memory) and
/// <see cref="OperationCanceledException"/> (never cancelled here), so every exception is a finding.
/// </remarks>
public static class FuzzTargets
{
    /// <summary>The file name inputs are read under; every message must name it.</summary>
    public const string DefinitionFile = "fuzz.json";

    /// <summary>The file name call-rule inputs are read under.</summary>
    public const string RulesFile = "fuzz.rules";

    /// <summary>The targets by name, for the command line, the scripts and the regression tests.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["definitions"] = Definitions,
        ["callrules"] = CallRules,
    };

    // One worker and the inline path: the result must not depend on it (DefinitionCompiler's contract), and a fuzzer
    // wants one thread. The spill limit keeps every compiled section in memory. Made on first use, not when the class
    // is: instrumented code must not run before afl-fuzz's shared memory is attached (Fuzzer.Run does that).
    private static DefinitionCompiler<Connection>? s_lazyCompiler;

    private static DefinitionCompiler<Connection> Compiler =>
        s_lazyCompiler ??= new(new CompileOptions { Parallelism = 1, SpillMemoryLimit = 64L * 1024 * 1024 });

    /// <summary>
    /// Definition files: the framer, the generated reader, validator and call-rule emitter, through the compile
    /// pipeline. Properties: no exception; every diagnostic has a known code, names the file, has a position inside
    /// it and prints as one line holding no secret value of the input; validate and compile report the same
    /// diagnostics; a failed compile has no rules (all or nothing); a successful one writes call rules that read back
    /// (<see cref="CallRuleSet"/>) as one section per definition, import back to definitions
    /// (<see cref="DefinitionImporter{T}"/>), and those compile to the same bytes.
    /// </summary>
    public static void Definitions(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var input = DefinitionInput.FromBytes(DefinitionFile, data);
        using var validated = Compiler.Validate([input]);
        using var compiled = Compiler.Compile([input]);

        var secrets = SecretValues(data);
        CheckDiagnostics(validated.Diagnostics, DefinitionFile, data, secrets);
        Require(validated.Diagnostics.Select(d => d.ToString()).SequenceEqual(compiled.Diagnostics.Select(d => d.ToString())),
            "validate and compile report different diagnostics:\n" + string.Join("\n", validated.Diagnostics) + "\n---\n" + string.Join("\n", compiled.Diagnostics));
        Require(validated.Succeeded == compiled.Succeeded && validated.DefinitionCount == compiled.DefinitionCount,
            "validate and compile disagree on the outcome");
        Require(compiled.Errors.All(e => e.IsError) && compiled.Warnings.All(w => !w.IsError), "errors and warnings are mixed up");
        Require(validated.Rules is null, "validate produced call rules");
        if (!compiled.Succeeded)
        {
            Require(compiled.Rules is null, "a failed compile handed back call rules (all or nothing)");
            return;
        }

        var rules = compiled.Rules ?? throw new FuzzPropertyException("a successful compile has no call rules");
        Require(rules.Count == compiled.DefinitionCount, $"{compiled.DefinitionCount} definitions compiled to {rules.Count} sections");
        var text = rules.ToArray();
        var readErrors = new List<DefinitionError>();
        var set = CallRuleSet.Parse(text, RulesFile, Connection.Schema, readErrors);
        Require(set is not null && readErrors.Count == 0, "compiled call rules do not read back: " + string.Join(" | ", readErrors));
        Require(set!.Sections.Count == rules.Count, "compiled call rules read back with another number of sections");
        for (var i = 0; i < rules.Count; i++)
            Require(set.Sections[i].Section.Name == rules.KeyAt(i).SectionName, $"section {i} reads back as '{set.Sections[i].Section.Name}', not '{rules.KeyAt(i).SectionName}'");

        var importErrors = new List<DefinitionError>();
        var imported = DefinitionImporter<Connection>.FromCallRules(set, null, importErrors);
        Require(imported is not null, "compiled call rules do not import back: " + string.Join(" | ", importErrors));
        using var again = Compiler.Compile(imported!.Select(f => DefinitionInput.FromBytes(f.FileName, f.Content)).ToList());
        Require(again.Succeeded, "imported definitions do not compile: " + string.Join(" | ", again.Errors));
        Require(again.Rules!.ToArray().AsSpan().SequenceEqual(text), "imported definitions compile to other call rules");
    }

    /// <summary>
    /// Call-rule files as plan, diff and import read them: <see cref="CallRuleSet"/> and
    /// <see cref="DefinitionImporter{T}"/>. Properties: no exception; every diagnostic has a known code, names the file
    /// and a line inside it, and prints as one line; a set is returned exactly when there is no error; what imports
    /// compiles, to sections with the same names and rules as the input.
    /// </summary>
    public static void CallRules(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var errors = new List<DefinitionError>();
        var set = CallRuleSet.Parse(data, RulesFile, Connection.Schema, errors);
        CheckDiagnostics(errors, RulesFile, data, []);
        Require((set is null) == errors.Any(e => e.IsError), "the set and the errors disagree");
        if (set is null) return;

        var importErrors = new List<DefinitionError>();
        var imported = DefinitionImporter<Connection>.FromCallRules(set, null, importErrors);
        CheckDiagnostics(importErrors, RulesFile, data, []);
        Require((imported is null) == importErrors.Any(e => e.IsError), "the import and its errors disagree");
        if (imported is null) return;
        using var compiled = Compiler.Compile(imported.Select(f => DefinitionInput.FromBytes(f.FileName, f.Content)).ToList());
        Require(compiled.Succeeded, "imported definitions do not compile: " + string.Join(" | ", compiled.Errors));
        var back = CallRuleSet.FromCompiled(compiled.Rules!, Connection.Schema, RulesFile, OutputLayout.SingleFile);
        Require(back.Sections.Count == set.Sections.Count, $"{set.Sections.Count} sections imported and compiled to {back.Sections.Count}");
        foreach (var placed in set.Sections)
        {
            var section = placed.Section;
            var other = back.Find(section.Name)?.Section ?? throw new FuzzPropertyException($"section '{section.Name}' is lost by import and compile");
            // The same rules with the same values; their order inside a section is the writer's (schema order), and
            // a file whose rules are in another order (edited by hand) is read the same (docs/call-rules.md).
            Require(InKeyOrder(section.Rules).SequenceEqual(InKeyOrder(other.Rules)),
                $"section '{section.Name}' has other rules after import and compile");
        }
    }

    private static HashSet<string>? s_codes;

    private static HashSet<string> Codes => s_codes ??= new(ErrorCodes.All, StringComparer.Ordinal);

    private static void CheckDiagnostics(IEnumerable<DefinitionError> diagnostics, string file, byte[] data, IReadOnlyCollection<string> secrets)
    {
        var lines = 1 + data.Count(b => b == (byte)'\n');
        foreach (var diagnostic in diagnostics)
        {
            var shown = diagnostic.ToString();
            Require(Codes.Contains(diagnostic.Code), $"unknown code {diagnostic.Code}: {shown}");
            Require(diagnostic.File == file, $"a diagnostic names no file or another: {shown}");
            Require(diagnostic.Position.IsKnown && diagnostic.Position.Line <= lines && diagnostic.Position.Column >= 1,
                $"a diagnostic has no position inside the file ({lines} lines): {shown}");
            Require(MessageText.IsPlain(shown), $"a diagnostic is not one plain line: {shown}");
            Require(diagnostic.Message.Length > 0, $"a diagnostic has no message: {shown}");
            foreach (var secret in secrets)
                Require(!shown.Contains(secret, StringComparison.Ordinal), $"a diagnostic shows a secret value: {shown}");
        }
    }

    /// <summary>
    /// The values of secret fields in <paramref name="data"/>, when it is JSON: strings of four characters or more
    /// (shorter ones can appear in any message by chance) that no other string of the input holds (a message may
    /// rightly show a key or a name that happens to contain the same text).
    /// </summary>
    private static IReadOnlyCollection<string> SecretValues(byte[] data)
    {
        var secretNames = Connection.Schema.Fields.Where(f => f.Secret).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var others = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(data, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            Collect(document.RootElement, secret: false);
        }
        catch (JsonException)
        {
            // Not JSON: the pipeline reports it; there is no secret value to look for.
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-16 (an unpaired surrogate escape): the pipeline reports it.
        }
        secrets.RemoveWhere(secret => others.Any(other => other.Contains(secret, StringComparison.Ordinal)));
        return secrets.Concat(secrets.Select(MessageText.Escape)).ToHashSet(StringComparer.Ordinal);

        void Collect(JsonElement element, bool secret)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray()) Collect(item, false);
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        others.Add(property.Name);
                        Collect(property.Value, secretNames.Contains(property.Name));
                    }
                    break;
                case JsonValueKind.String:
                    var text = element.GetString()!;
                    if (secret && text.Length >= 4) secrets.Add(text);
                    else others.Add(text);
                    break;
                default:
                    others.Add(element.GetRawText());
                    break;
            }
        }
    }

    private static IEnumerable<(string Key, string Value)> InKeyOrder(IEnumerable<CallRule> rules) =>
        rules.Select(r => (r.Key, r.Value)).OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Value, StringComparer.Ordinal);

    private static void Require(bool condition, string property)
    {
        if (!condition) throw new FuzzPropertyException(property);
    }
}
