using System;
using System.Buffers;
using System.Text;

namespace CallRules.Runtime;

/// <summary>Finds where UTF-8 text stops being valid.</summary>
public static class Utf8Validation
{
    /// <summary>The index of the first byte that does not start a valid UTF-8 sequence, or -1 when all is valid.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return -1;
        var index = 0;
        while (index < utf8.Length)
        {
            var status = Rune.DecodeFromUtf8(utf8[index..], out _, out var consumed);
            if (status != OperationStatus.Done) return index;
            index += consumed;
        }
        return -1;
    }
}
