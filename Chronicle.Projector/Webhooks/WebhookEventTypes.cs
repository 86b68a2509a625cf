using System.Collections.Frozen;
using Chronicle.Contracts.Serialization;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// The event types an endpoint may subscribe to: the account events, by name without their schema
/// version ("MoneyDeposited" for "MoneyDeposited.v1"), so a subscription outlives a new version of its
/// events. The body names the version too (<c>schema</c>), for the shape of <c>data</c>.
/// </summary>
internal static class WebhookEventTypes
{
    public static FrozenSet<string> All { get; } = LedgerCodec.AccountEventManifests.Select(NameOf).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>"MoneyDeposited" for the manifest "MoneyDeposited.v1".</summary>
    public static string NameOf(string manifest) => manifest.Split('.', 2)[0];
}
