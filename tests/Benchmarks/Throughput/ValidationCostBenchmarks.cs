using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using CallRules.Benchmarks.Data;
using CallRules.Connections;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;
using CallRules.Runtime.Validation;

namespace CallRules.Benchmarks.Throughput;

/// <summary>
/// Each kind of check the generated validator makes, alone, over the values of the 10,000 benchmark definitions, so
/// ValidateOnly (HotPathCostBenchmarks) can be split by cause.
/// </summary>
[MemoryDiagnoser]
public class ValidationCostBenchmarks
{
    private string[] _strings = [];
    private string[] _domains = [];
    private string[] _dateTimes = [];
    private string[] _timeZones = [];
    private string[] _offsets = [];
    private const string Domain = "\\A(?:~|\\*|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\z";
    private static readonly Regex s_domainPatternNonBacktracking = new(Domain, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex s_domainPattern = new(Domain, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex s_domainPatternCompiled = new(Domain, RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GlobalSetup]
    public void Setup()
    {
        var json = new ConnectionDataGenerator().CreateArray(CompileThroughputBenchmarks.Count);
        var errors = new List<DefinitionError>();
        var context = new JsonReadContext(null, errors);
        context.Reset(json, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new System.Text.Json.Utf8JsonReader(json, isFinalBlock: true, new System.Text.Json.JsonReaderState(JsonReadContext.ReaderOptions));
        reader.Read();
        var definitions = new List<Connection>();
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.StartObject)
            definitions.Add(Connection.ReadJson(ref reader, context));
        var stringFields = Connection.Schema.Fields.Where(f => f.Kind == Runtime.Schema.FieldKind.String).Select(f => typeof(Connection).GetProperty(f.Property)!).ToArray();
        _strings = definitions.SelectMany(d => stringFields.Select(p => (string?)p.GetValue(d))).OfType<string>().ToArray();
        _domains = definitions.Select(d => d.Domain!).ToArray();
        _dateTimes = definitions.Select(d => d.ConnectionSipRegistrationExpiresDatetime).OfType<string>().ToArray();
        _timeZones = definitions.Select(d => d.TimeZone).OfType<string>().ToArray();
        _offsets = definitions.Select(d => d.UtcOffset).OfType<string>().ToArray();
    }

    /// <summary>CallRuleText.IndexOfForbidden on every string value (the validator's line-safety check; the writer repeats it).</summary>
    [Benchmark(Baseline = true)]
    public int ForbiddenCharacterScan()
    {
        var found = 0;
        foreach (var value in _strings) found += CallRuleText.IndexOfForbidden(value) >= 0 ? 1 : 0;
        return found;
    }

    /// <summary>The domain pattern as generated now: RegexOptions.NonBacktracking.</summary>
    [Benchmark]
    public int DomainRegexNonBacktracking()
    {
        var found = 0;
        foreach (var value in _domains) found += s_domainPatternNonBacktracking.IsMatch(value) ? 1 : 0;
        return found;
    }

    /// <summary>The domain pattern as first generated: an interpreted Regex with a timeout.</summary>
    [Benchmark]
    public int DomainRegexInterpreted()
    {
        var found = 0;
        foreach (var value in _domains) found += s_domainPattern.IsMatch(value) ? 1 : 0;
        return found;
    }

    /// <summary>The same pattern with RegexOptions.Compiled, for comparison.</summary>
    [Benchmark]
    public int DomainRegexCompiled()
    {
        var found = 0;
        foreach (var value in _domains) found += s_domainPatternCompiled.IsMatch(value) ? 1 : 0;
        return found;
    }

    [Benchmark]
    public int DateTimeFormat()
    {
        var found = 0;
        foreach (var value in _dateTimes) found += ValueFormats.IsValid(ValueFormats.DateTime, value) ? 1 : 0;
        return found;
    }

    [Benchmark]
    public int TimeZoneFormat()
    {
        var found = 0;
        foreach (var value in _timeZones) found += ValueFormats.IsValid(ValueFormats.TimeZone, value) ? 1 : 0;
        return found;
    }

    [Benchmark]
    public int UtcOffsetFormat()
    {
        var found = 0;
        foreach (var value in _offsets) found += ValueFormats.IsValid(ValueFormats.UtcOffset, value) ? 1 : 0;
        return found;
    }
}
