using System.Globalization;
using System.Text.RegularExpressions;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Instants in requests: ISO 8601 date and time with seconds, optional fraction (up to 7 digits, .NET's
/// 100 ns), and an explicit zone, <c>Z</c> or <c>±hh:mm</c>. Nothing else: no local times, no dates
/// alone, no culture-dependent or relative forms, so an instant means the same on every node.
/// </summary>
public static partial class IsoInstant
{
    public const string Expected = "an ISO 8601 instant with Z or an offset, e.g. 2026-01-01T12:00:00Z or 2026-01-01T14:00:00.5+02:00 (in a URL, '+' is sent as %2B)";

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        // The shape first: the parser alone would take a missing zone as local time.
        return text is not null && Shape().IsMatch(text)
            && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }
}
