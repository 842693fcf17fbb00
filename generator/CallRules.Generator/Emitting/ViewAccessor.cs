using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace CallRules.Generator.Emitting;

/// <summary>
/// Reads the public properties of a view type (<see cref="SchemaView"/>, <see cref="FieldView"/>, ...) for the
/// templates, by their snake_case names, through delegates bound to the getters once per process. Scriban's own
/// accessor for .NET objects calls <see cref="PropertyInfo.GetValue(object)"/> on every read and is rebuilt for
/// every <see cref="TemplateContext"/>; rendering is mostly member reads, so that was most of its time.
/// </summary>
internal sealed class ViewAccessor : IObjectAccessor
{
    private static readonly ConcurrentDictionary<Type, ViewAccessor> s_accessors = new ConcurrentDictionary<Type, ViewAccessor>();

    private static readonly MethodInfo s_bindGetter =
        typeof(ViewAccessor).GetMethod(nameof(BindGetter), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private readonly Dictionary<string, Func<object, object?>> _getters;

    private ViewAccessor(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        _getters = new Dictionary<string, Func<object, object?>>(properties.Length, StringComparer.Ordinal);
        foreach (var property in properties)
        {
            var bind = s_bindGetter.MakeGenericMethod(type, property.PropertyType);
            _getters.Add(StandardMemberRenamer.Default(property), (Func<object, object?>)bind.Invoke(null, new object[] { property.GetGetMethod()! })!);
        }
    }

    /// <summary>The accessor of <paramref name="type"/>, built on first use.</summary>
    public static ViewAccessor For(Type type) => s_accessors.GetOrAdd(type, t => new ViewAccessor(t));

    /// <summary>Whether <paramref name="target"/> is a view object, read through a <see cref="ViewAccessor"/>.</summary>
    public static bool IsView(object target) =>
        target is SchemaView or FieldView or EnumView or EnumMemberView or NameGroup or RemovedView;

    /// <summary>Copies every property of <paramref name="view"/> into <paramref name="globals"/>, by snake_case name.</summary>
    public void CopyTo(object view, ScriptObject globals)
    {
        foreach (var getter in _getters)
            globals.SetValue(getter.Key, getter.Value(view), readOnly: true);
    }

    private static Func<object, object?> BindGetter<TTarget, TValue>(MethodInfo getter)
    {
        var get = (Func<TTarget, TValue>)Delegate.CreateDelegate(typeof(Func<TTarget, TValue>), getter);
        if (typeof(TValue) == typeof(bool))
        {
            var getBool = (Func<TTarget, bool>)(object)get;
            return target => getBool((TTarget)target) ? s_true : s_false;
        }
        return target => get((TTarget)target);
    }

    public int GetMemberCount(TemplateContext context, SourceSpan span, object target) => _getters.Count;

    public IEnumerable<string> GetMembers(TemplateContext context, SourceSpan span, object target) => _getters.Keys;

    public bool HasMember(TemplateContext context, SourceSpan span, object target, string member) => _getters.ContainsKey(member);

    public bool TryGetValue(TemplateContext context, SourceSpan span, object target, string member, out object? value)
    {
        if (_getters.TryGetValue(member, out var get))
        {
            value = get(target);
            return true;
        }
        value = null;
        return false;
    }

    public bool TryGetItem(TemplateContext context, SourceSpan span, object target, object index, out object? value)
    {
        value = null;
        return false;
    }

    public bool TrySetValue(TemplateContext context, SourceSpan span, object target, string member, object? value) => false;

    public bool TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) => false;

    public bool HasIndexer => false;

    public Type? IndexType => null;
}
