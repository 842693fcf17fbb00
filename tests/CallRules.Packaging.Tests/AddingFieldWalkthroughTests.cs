using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallRules.Packaging.Tests.Infrastructure;
using CallRules.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CallRules.Packaging.Tests;

/// <summary>
/// Follows the README's "Adding a field" as a new developer would, on a copy of the repository: adds the README's own
/// example field (a new call-rule key) to the schema, runs the README's refresh commands, builds the solution, and runs
/// the suites the new field can change. The steps are read from README.md (<see cref="AddingFieldSteps"/>), so when
/// the README changes the test follows it, and a step the README leaves out makes a suite fail here.
/// </summary>
/// <remarks>
/// Slow (a nested build and test runs: minutes), so it carries the trait <c>Category=Walkthrough</c>: a developer may
/// skip it with <c>dotnet test Compiler.sln --filter Category!=Walkthrough</c>; CI runs it.
/// The suites it runs, and why those: the generator tests (snapshots of the generated code, adding-a-field tests), the
/// CLI tests (every one runs the CLI built with the new field: the editor schema, the field reference, golden call
/// rules, the README's transcripts), the packaging tests that read the connection schema (the editor schema and field
/// reference checked against the generated Connection.Schema; not the packed-feed tests, which build samples/Consumer
/// with a schema of its own), and the end-to-end start-up tests (the one that sets every field with a call-rule key and
/// checks which keys the sample SIP server enforces and which it ignores with a warning). The runtime tests are left
/// out: they compile against their own test schema and never see the connection schema. The other end-to-end tests
/// compile definitions that do not set the new field, so their call rules cannot change unless the field has a
/// default or takes its default from another field; then all of them run.
/// </remarks>
[Trait("Category", Category)]
public sealed class AddingFieldWalkthroughTests(ITestOutputHelper output)
{
    /// <summary>The trait value that marks this test.</summary>
    public const string Category = "Walkthrough";

    /// <summary>Set in every process the walkthrough starts, so a README step that runs this test again fails at once instead of recursing.</summary>
    private const string NestedVariable = "CALLRULES_WALKTHROUGH_COPY";

    /// <summary>
    /// The whole walkthrough's bound. CI has 90 minutes for everything and the walkthrough runs beside the other suites
    /// (about 10 minutes there); on a developer machine shared with other builds it has taken 30.
    /// </summary>
    private static readonly TimeSpan s_budget = TimeSpan.FromMinutes(60);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public void Adding_the_readmes_example_field_and_following_the_readme_leaves_the_affected_suites_green()
    {
        Assert.True(Environment.GetEnvironmentVariable(NestedVariable) != "1",
            $"This walkthrough is running inside a walkthrough's copy of the repository: a README step runs the tests without excluding Category={Category}.");
        var repository = Path.Join(TemporaryFolders.Create(), "repo");
        try
        {
            RepositoryCopy.Create(RepositoryRoot.Path, repository, Remaining(TimeSpan.FromMinutes(2)));
            Log($"copy of the repository: {repository}");

            // 1. The README's example field, added to the schema as the README says.
            var steps = AddingFieldSteps.Parse(File.ReadAllText(Path.Join(repository, "README.md")));
            var schemaPath = Path.Join(repository, "schema", "connection.schema.json");
            File.WriteAllText(schemaPath, steps.AddTo(File.ReadAllText(schemaPath)));
            Log($"added the README's example field '{steps.Name}' (call-rule key {steps.CallRule}) to schema/connection.schema.json");

            // 2. The README's commands, one at a time, as a developer pastes them into a shell at the repository root.
            foreach (var command in steps.Commands)
                Step($"README: {command}", repository, TimeSpan.FromMinutes(10), "bash", "-c", "set -euo pipefail\n" + command);
            Log("files changed by the README's steps:\n  " + string.Join("\n  ", RepositoryCopy.Changes(repository, Remaining(TimeSpan.FromMinutes(1)))));

            // 3. The build ("Then build"): the whole solution, warnings as errors, so every project compiles with the new field.
            Step("build", repository, TimeSpan.FromMinutes(15), "dotnet", "build", "Compiler.sln");

            // 4. The new field flows through: a definition that sets it compiles, and its key is in the copy's CLI output.
            NewFieldReachesTheCallRules(steps, repository);

            // 5. The suites the new field can change (see the remarks).
            Suite("generator tests", repository, "tests/CallRules.Generator.Tests");
            Suite("CLI tests", repository, "tests/CallRules.Cli.Tests");
            Suite("packaging tests that read the connection schema", repository, "tests/CallRules.Packaging.Tests", ConnectionSchemaPackagingTests());
            var writesEveryLine = steps.Field.ContainsKey("default") || steps.Field.ContainsKey("defaultFrom");
            Suite(writesEveryLine ? "end-to-end tests" : "end-to-end start-up tests", repository, "tests/CallRules.EndToEnd.Tests",
                writesEveryLine ? null : "FullyQualifiedName~CallRules.EndToEnd.Tests.StartupTests.");
            Log($"walkthrough done in {_clock.Elapsed.TotalMinutes:F1} min");
        }
        finally
        {
            // The copy with its build output is hundreds of megabytes: removed now, not left to the end of the run.
            Delete(repository);
        }
    }

    private static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its step may still hold a file; the run's temporary folder goes at its end.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void NewFieldReachesTheCallRules(AddingFieldSteps steps, string repository)
    {
        var work = TemporaryFolders.Create();
        var (value, line) = ExampleValue(steps.Field);
        var definition = new JsonObject
        {
            ["domain"] = "example.com",
            ["connection-orig-match-pattern"] = "sip*@192.0.2.10",
            [steps.Name] = value,
        };
        File.WriteAllText(Path.Join(work, "trunk.json"), definition.ToJsonString());

        var cli = Path.Join(repository, "runtime", "CallRules.Cli");
        var compile = Step("the copy's CLI compiles a definition that sets the new field", work, TimeSpan.FromMinutes(3),
            "dotnet", "run", "--no-build", "--project", cli, "--", "compile", "trunk.json", "--out", "out");
        var rules = File.ReadAllText(Path.Join(work, "out", "connection.rules"));
        Assert.True(rules.Contains($"\n{steps.CallRule}={line}\n", StringComparison.Ordinal),
            $"The call rules compiled with the new field '{steps.Name}' have no line '{steps.CallRule}={line}':\n{rules}\n{compile}");

        if (steps.Field["maximum"] is JsonValue maximum && steps.Field["type"]?.GetValue<string>() == "integer")
        {
            definition[steps.Name] = maximum.GetValue<long>() + 1;
            File.WriteAllText(Path.Join(work, "too-large.json"), definition.ToJsonString());
            var validate = ProcessRunner.Run("dotnet", ["run", "--no-build", "--project", cli, "--", "validate", "too-large.json"], work,
                s_nestedEnvironment, Remaining(TimeSpan.FromMinutes(3)));
            Assert.True(validate.ExitCode == 1 && validate.Error.Contains($"'{steps.Name}'", StringComparison.Ordinal),
                "The copy's CLI does not reject the new field above its maximum:\n" + validate);
        }
        Log($"the copy's CLI writes {steps.CallRule}={line} for {steps.Name}: {value?.ToJsonString()}");
    }

    /// <summary>A value a definition may set for the field, and the call-rule value it becomes.</summary>
    private static (JsonNode? Value, string Line) ExampleValue(JsonObject field)
    {
        if (field["examples"] is JsonArray { Count: > 0 } examples)
            return (examples[0]!.DeepClone(), Text(examples[0]!));
        switch (field["type"]?.GetValue<string>())
        {
            case "integer":
                var number = field["minimum"]?.GetValue<long>() ?? Math.Min(1, field["maximum"]?.GetValue<long>() ?? 1);
                return (number, number.ToString(CultureInfo.InvariantCulture));
            case "enum" when field["values"] is JsonArray { Count: > 0 } values && values[0] is JsonValue plain && !field.ContainsKey("map"):
                return (plain.DeepClone(), Text(plain));
            case "string" when !field.ContainsKey("pattern") && !field.ContainsKey("format") && !field.ContainsKey("map"):
                return ("walkthrough", "walkthrough");
            default:
                throw new InvalidDataException(
                    $"The walkthrough cannot choose a value for the README's example field: give it \"examples\" (the first one is used): {field.ToJsonString()}");
        }

        static string Text(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
    }

    /// <summary>
    /// A VSTest filter for this assembly's test classes that read the connection schema: all but this walkthrough, the
    /// checks of its README reader, and the packed-feed collection (which packs the generator and builds samples/Consumer with its own schema).
    /// </summary>
    private static string ConnectionSchemaPackagingTests()
    {
        var classes = typeof(AddingFieldWalkthroughTests).Assembly.GetTypes()
            // AddingFieldStepsTests check the README against the schema before the field is added: not in the copy.
            .Where(t => t != typeof(AddingFieldWalkthroughTests) && t != typeof(AddingFieldStepsTests))
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Where(t => t.GetCustomAttribute<CollectionAttribute>() is null
                || !t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionAttribute)
                    && (string?)a.ConstructorArguments[0].Value == PackedFeedCollection.Name))
            .Select(t => $"FullyQualifiedName~{t.FullName}.")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(classes);
        return $"Category!={Category}&({string.Join('|', classes)})";
    }

    /// <summary>Runs one test project of the copy (built in step 3) and checks that it ran tests and none failed.</summary>
    private void Suite(string name, string repository, string project, string? filter = null)
    {
        var arguments = new List<string> { "test", project, "--no-build" };
        if (filter is not null)
            arguments.AddRange(["--filter", filter]);
        var run = Step(name, repository, TimeSpan.FromMinutes(25), "dotnet", [.. arguments]);
        var summary = Regex.Match(run.Output, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+), Total:\s+(\d+)");
        // Skipped tests count as run: the end-to-end tests skip where Kamailio is missing, unless CALLRULES_REQUIRE_SIP=1 (CI).
        Assert.True(summary.Success && summary.Groups[1].Value == "0" && int.Parse(summary.Groups[4].Value, CultureInfo.InvariantCulture) > 0,
            $"The {name} of the copy ran no test or reported failures:\n{Tail(run)}");
        Log($"  {summary.Value}");
    }

    /// <summary>Runs one step in the copy with its bound (or what is left of the budget), and fails with its output if it fails.</summary>
    private ProcessResult Step(string name, string folder, TimeSpan limit, string fileName, params string[] arguments)
    {
        var bound = Remaining(limit);
        var started = _clock.Elapsed;
        ProcessResult run;
        try
        {
            run = ProcessRunner.Run(fileName, arguments, folder, s_nestedEnvironment, bound);
        }
        catch (TimeoutException)
        {
            Log($"{name}: stopped after {bound.TotalMinutes:F1} min");
            throw new TimeoutException(
                $"Walkthrough step '{name}' did not finish within {bound.TotalMinutes:F1} min and was stopped (the whole walkthrough may take " +
                $"{s_budget.TotalMinutes:F0} min; the step times so far are in the test output). A hang, or a machine too busy for the nested build.");
        }
        Log($"{name}: exit {run.ExitCode} in {(_clock.Elapsed - started).TotalSeconds:F0} s");
        Assert.True(run.ExitCode == 0, $"Walkthrough step '{name}' failed in the copy of the repository:\n{Tail(run)}");
        return run;
    }

    /// <summary><paramref name="limit"/>, or what is left of the budget if that is less; fails once the budget is spent.</summary>
    private TimeSpan Remaining(TimeSpan limit)
    {
        var left = s_budget - _clock.Elapsed;
        if (left <= TimeSpan.Zero)
            throw new TimeoutException($"The walkthrough used up its {s_budget.TotalMinutes:F0} min budget; the step times are in the test output.");
        return left < limit ? left : limit;
    }

    /// <summary>
    /// The environment of every process the walkthrough starts: no snapshot or golden accepting unless a README step
    /// asks for it itself, no MSBuild nodes left behind, and the mark that stops a nested run of this test.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> s_nestedEnvironment = new Dictionary<string, string>
    {
        ["CALLRULES_ACCEPT_SNAPSHOTS"] = "",
        ["CALLRULES_UPDATE_GOLDEN"] = "",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        [NestedVariable] = "1",
    };

    private void Log(string line) =>
        output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F0} s] {line}");

    /// <summary>The end of a step's output: what a failure message needs, without thousands of build lines.</summary>
    private static string Tail(ProcessResult run)
    {
        static string Last(string text, int lines)
        {
            var all = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
            return (all.Length > lines ? $"(… {all.Length - lines} lines before)\n" : "") + string.Join('\n', all.TakeLast(lines));
        }
        return $"> {run.CommandLine}\nexit code {run.ExitCode}\n--- stdout (end)\n{Last(run.Output, 120)}\n--- stderr (end)\n{Last(run.Error, 60)}";
    }
}
