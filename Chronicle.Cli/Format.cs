using System.Globalization;

namespace Chronicle.Cli;

/// <summary>How numbers, times and durations read in the CLI's output (invariant culture: the same on every machine).</summary>
internal static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Optional(long? value) => value is { } known ? Count(known) : "?";

    /// <summary>An amount as the node gave it, at its currency's scale ("12.50").</summary>
    public static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    /// <summary>Labels as <c>key=value</c>, in key order, comma-separated; "-" for none.</summary>
    public static string Labels(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is { Count: > 0 } ? string.Join(", ", metadata.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) : "-";

    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Percent(decimal fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Elapsed(TimeSpan elapsed) =>
        elapsed.ToString(elapsed >= TimeSpan.FromHours(1) ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);
}
