using System.Globalization;

namespace Chronicle.Cli;

/// <summary>How numbers, times and durations read in the CLI's output (invariant culture: the same on every machine).</summary>
public static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Optional(long? value) => value is { } known ? Count(known) : "?";

    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Percent(decimal fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Elapsed(TimeSpan elapsed) =>
        elapsed.ToString(elapsed >= TimeSpan.FromHours(1) ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);
}
