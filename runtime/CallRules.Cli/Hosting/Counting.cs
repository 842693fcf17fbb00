using System.Globalization;

namespace CallRules.Cli.Hosting;

/// <summary>Counts in messages: <c>1 error</c>, <c>2 errors</c>.</summary>
internal static class Counting
{
    public static string Count(int n, string noun) => Count(n, noun, noun + "s");

    /// <summary>A count with an irregular plural: <c>1 entry</c>, <c>2 entries</c>.</summary>
    public static string Count(int n, string noun, string plural) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : plural);
}
