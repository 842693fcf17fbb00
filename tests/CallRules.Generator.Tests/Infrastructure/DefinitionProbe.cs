using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CallRules.Runtime;
using CallRules.Runtime.CallRuleFormat;
using CallRules.Runtime.Json;

namespace CallRules.Generator.Tests.Infrastructure;

/// <summary>
/// Drives a generated definition type through the <see cref="IDefinition{TSelf}"/> contract, as the runtime's
/// pipeline does. It is generic, so it compiles here once and is instantiated over a type generated at test time;
/// the <see cref="ReadOnlySpan{T}"/> and <see cref="Utf8JsonReader"/> work stays inside it, and the tests call it
/// through <see cref="DefinitionType"/> with strings and objects only.
/// </summary>
internal static class DefinitionProbe<T> where T : class, IDefinition<T>
{
    /// <summary>Reads one definition object from <paramref name="json"/>, then validates it.</summary>
    public static ReadResult Read(string json, string? file)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var errors = new List<DefinitionError>();
        var context = new JsonReadContext(file, errors);
        context.Reset(bytes, new SourcePosition(1, 1), JsonPaths.Root);
        var reader = new Utf8JsonReader(bytes, JsonReadContext.ReaderOptions);
        if (!reader.Read())
            throw new InvalidOperationException("No JSON to read.");
        var definition = T.ReadJson(ref reader, context);
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new InvalidOperationException($"ReadJson left the reader on {reader.TokenType}, not on the object's end.");
        definition.Validate(errors);
        return new ReadResult(definition, errors);
    }

    /// <summary>The definition's call-rule section, as text.</summary>
    public static string CallRules(object definition)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ((T)definition).WriteCallRules(new CallRuleWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The definition as the generated writer writes it.</summary>
    public static string Json(object definition)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            T.WriteJson(writer, (T)definition);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The errors <c>Validate</c> reports for <paramref name="definition"/>.</summary>
    public static List<DefinitionError> Validate(object definition)
    {
        var errors = new List<DefinitionError>();
        ((T)definition).Validate(errors);
        return errors;
    }
}

/// <summary>A definition read from JSON, and every error reading and validating it reported.</summary>
internal sealed record ReadResult(object Definition, List<DefinitionError> Errors);

/// <summary>A generated definition type, with its probe instantiated over it.</summary>
internal sealed class DefinitionType
{
    private readonly Type _probe;

    public DefinitionType(Type type)
    {
        Type = type;
        _probe = typeof(DefinitionProbe<>).MakeGenericType(type);
    }

    public Type Type { get; }

    /// <summary>Reads and validates one definition.</summary>
    public ReadResult Read(string json, string? file = "definition.json") => (ReadResult)Call(nameof(DefinitionProbe<>.Read), json, file)!;

    /// <summary>Reads one definition that must have no errors.</summary>
    public object ReadValid(string json)
    {
        var result = Read(json);
        Assert.True(result.Errors.Count == 0, "Unexpected errors:\n" + string.Join("\n", result.Errors));
        return result.Definition;
    }

    public string CallRules(object definition) => (string)Call(nameof(DefinitionProbe<>.CallRules), definition)!;

    public string Json(object definition) => (string)Call(nameof(DefinitionProbe<>.Json), definition)!;

    public List<DefinitionError> Validate(object definition) => (List<DefinitionError>)Call(nameof(DefinitionProbe<>.Validate), definition)!;

    /// <summary>A new, empty definition (every field unset).</summary>
    public object Create() => Activator.CreateInstance(Type)!;

    /// <summary><c>definition.WithDefaults()</c>.</summary>
    public object WithDefaults(object definition) => Type.GetMethod("WithDefaults")!.Invoke(definition, null)!;

    /// <summary>The value of property <paramref name="property"/>.</summary>
    public object? Get(object definition, string property) => PropertyOf(property).GetValue(definition);

    /// <summary>Sets property <paramref name="property"/>; enum values may be given by member name.</summary>
    public void Set(object definition, string property, object? value)
    {
        var info = PropertyOf(property);
        var target = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
        if (value is string name && target.IsEnum) value = Enum.Parse(target, name);
        info.SetValue(definition, value);
    }

    public PropertyInfo PropertyOf(string property) =>
        Type.GetProperty(property) ?? throw new InvalidOperationException($"{Type.Name} has no property {property}; it has {string.Join(", ", Type.GetProperties().Select(p => p.Name))}.");

    private object? Call(string method, params object?[] arguments)
    {
        try
        {
            return _probe.GetMethod(method)!.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
