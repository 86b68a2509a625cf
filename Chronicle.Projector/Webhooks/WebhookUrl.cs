using System.Net;
using System.Net.Sockets;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// Whether a URL may be registered as a webhook endpoint: absolute http or https, with a host, without
/// credentials or a fragment; and, unless the configuration allows private addresses, not on one, by its
/// literal address or by what its name resolves to now. The name is resolved and checked again at every
/// connection (<see cref="GuardedConnection"/>): what it resolves to may change (DNS rebinding).
/// </summary>
internal static class WebhookUrl
{
    public const int MaxLength = 2048;

    /// <summary>How long the check at registration waits for the name to resolve; an unresolved name is left to the check at delivery.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    /// <summary>What is wrong with <paramref name="text"/> as an endpoint's URL; null when nothing is.</summary>
    public static async Task<string?> ProblemAsync(string text, bool allowPrivateAddresses, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            return "must be an absolute URL, e.g. https://hooks.example.com/chronicle";
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return $"must be http or https, not {url.Scheme}";
        if (url.UserInfo.Length > 0) return "must not carry credentials (user:password@); the signature authenticates the sender";
        if (url.Fragment.Length > 0) return "must not have a fragment (#...): it is never sent";
        if (allowPrivateAddresses) return null;

        var host = url.IdnHost.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return PrivateProblem($"{host} is loopback");
        if (IPAddress.TryParse(host, out var literal))
            return PrivateAddresses.IsPrivate(literal) ? PrivateProblem($"{literal} is not a public address") : null;

        var resolved = await ResolveAsync(host, cancellationToken);
        return resolved.FirstOrDefault(PrivateAddresses.IsPrivate) is { } inside ? PrivateProblem($"{host} resolves to {inside}, not a public address") : null;
    }

    private static string PrivateProblem(string why) =>
        $"must reach a public address: {why} (private, loopback and link-local addresses are refused unless Chronicle:Webhooks:AllowPrivateAddresses is set)";

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ResolveTimeout);
        try
        {
            return await Dns.GetHostAddressesAsync(host, deadline.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not resolvable now (no such name yet, no DNS here): nothing to refuse it for; delivery checks again.
            return [];
        }
    }
}
