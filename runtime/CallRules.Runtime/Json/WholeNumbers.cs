using System;

namespace CallRules.Runtime.Json;

/// <summary>What a JSON number is, as a whole number.</summary>
internal enum WholeNumberKind
{
    /// <summary>A whole number within the range of <see cref="long"/>.</summary>
    Whole,
    /// <summary>Not a whole number: it has a fractional part (<c>1.5</c>, <c>1e-3</c>).</summary>
    Fraction,
    /// <summary>A whole number outside the range of <see cref="long"/>.</summary>
    OutOfRange,
}

/// <summary>
/// Reads a JSON number as the whole number it is, whatever its notation: <c>1000</c>, <c>1e3</c>, <c>1000.0</c>,
/// <c>10000e-1</c> and <c>-0</c> are all whole numbers, as JSON Schema's <c>integer</c> says. The decision is exact (the
/// digits and the exponent are compared, never rounded through a double), so <c>1e-400</c> is a fraction and
/// <c>9223372036854775808</c> is out of range.
/// </summary>
internal static class WholeNumbers
{
    /// <summary>Reads <paramref name="number"/>, the text of a JSON number token (valid JSON number syntax).</summary>
    public static WholeNumberKind Read(ReadOnlySpan<byte> number, out long value)
    {
        value = 0;
        var i = 0;
        var negative = number.Length > 0 && number[0] == (byte)'-';
        if (negative) i++;
        var integerStart = i;
        while (i < number.Length && IsDigit(number[i])) i++;
        var integerDigits = number[integerStart..i];
        var fractionDigits = ReadOnlySpan<byte>.Empty;
        if (i < number.Length && number[i] == (byte)'.')
        {
            var fractionStart = ++i;
            while (i < number.Length && IsDigit(number[i])) i++;
            fractionDigits = number[fractionStart..i];
        }
        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < number.Length && number[i] is (byte)'+' or (byte)'-') exponentNegative = number[i++] == (byte)'-';
            for (; i < number.Length && IsDigit(number[i]); i++)
                exponent = Math.Min(exponent * 10 + (number[i] - '0'), 1_000_000_000_000L); // saturates far beyond any long
            if (exponentNegative) exponent = -exponent;
        }

        // The value is the digits (integer part, then fraction) times 10^(exponent - fraction length).
        var scale = exponent - fractionDigits.Length;
        // Leading zeros change nothing; trailing zeros move into the scale.
        var first = 0;
        var total = integerDigits.Length + fractionDigits.Length;
        while (first < total && DigitAt(integerDigits, fractionDigits, first) == 0) first++;
        if (first == total) return WholeNumberKind.Whole; // zero, -0 included
        var last = total - 1;
        while (DigitAt(integerDigits, fractionDigits, last) == 0)
        {
            last--;
            scale++;
        }
        if (scale < 0) return WholeNumberKind.Fraction;
        var significant = last - first + 1;
        if (significant + scale > 19) return WholeNumberKind.OutOfRange;
        ulong magnitude = 0;
        for (var d = first; d <= last; d++) magnitude = magnitude * 10 + (ulong)DigitAt(integerDigits, fractionDigits, d);
        for (var s = 0; s < scale; s++) magnitude *= 10; // at most 19 digits in all: fits an ulong
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1) return WholeNumberKind.OutOfRange;
            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return WholeNumberKind.Whole;
        }
        if (magnitude > long.MaxValue) return WholeNumberKind.OutOfRange;
        value = (long)magnitude;
        return WholeNumberKind.Whole;
    }

    private static int DigitAt(ReadOnlySpan<byte> integerDigits, ReadOnlySpan<byte> fractionDigits, int index) =>
        (index < integerDigits.Length ? integerDigits[index] : fractionDigits[index - integerDigits.Length]) - '0';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
