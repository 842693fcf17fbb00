using System;

namespace CallRules.Runtime.Json;

/// <summary>
/// Parses the wire values of one generated enum type, for <see cref="JsonReadContext.ReadEnum{TEnum, TParser}"/>. The
/// generator implements it once per enum type (as a struct, so the reader's generic code is specialised for it and
/// its calls are direct: reading an enum costs what the hand-written block per field once did).
/// </summary>
/// <typeparam name="TEnum">The generated enum type.</typeparam>
public interface IEnumParser<TEnum> where TEnum : struct, Enum
{
    /// <summary>Parses a value as written in definition files, given as UTF-8 (case-sensitive).</summary>
    static abstract bool TryParse(ReadOnlySpan<byte> utf8, out TEnum value);

    /// <summary>Parses a value as written in definition files (case-sensitive).</summary>
    static abstract bool TryParse(string? text, out TEnum value);
}
