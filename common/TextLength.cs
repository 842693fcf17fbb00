// One rule, two builds: compiled into the runtime (public) and the generator (internal). Generated validators count
// a value's length with it; the generator checks a schema's defaults with it; the editor JSON Schema's maxLength and
// minLength count the same way. See ValueFormats.cs for what C# is allowed here.
using System;

#if CALLRULES_GENERATOR
namespace CallRules.Generator.Common;
#else
namespace CallRules.Runtime.Validation;
#endif

/// <summary>
/// The length of a string as the schema's <c>maxLength</c> and <c>minLength</c> count it: in characters (Unicode code
/// points), as JSON Schema counts them, so an emoji is one character, not the two UTF-16 code units .NET stores.
/// </summary>
static partial class TextLength
{
    /// <summary>The number of code points in <paramref name="value"/>; a surrogate pair counts once (and so does an unpaired surrogate).</summary>
    public static int Of(string value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        var length = value.Length;
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                length--;
                i++;
            }
        }
        return length;
    }
}
