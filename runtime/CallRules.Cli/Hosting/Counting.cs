using System.Globalization;

namespace CallRules.Cli.Hosting;

/// <summary>Counts in messages: <c>1 error</c>, <c>2 errors</c>.</summary>
internal static class Counting
{
    public static string Count(int n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");
}
