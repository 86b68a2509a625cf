using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Domain.Transfers;
using Chronicle.Gateway.Queries;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Gateway.Dashboard;

/// <summary>Turns a decoded feed event into what the live stream shows (<see cref="LiveEvent"/>).</summary>
public sealed class LiveEvents(AccountCurrencies currencies)
{
    /// <summary>Every type the stream can carry, for <c>?type=</c>: the ledger's account and transfer events.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        nameof(AccountCreated), nameof(MoneyDeposited), nameof(MoneyWithdrawn), nameof(AccountFrozen), nameof(AccountUnfrozen),
        nameof(AccountClosed), nameof(TransferDebited), nameof(TransferCredited), nameof(TransferRefunded),
        nameof(TransferInitiated), nameof(TransferSourceDebited), nameof(TransferCompleted), nameof(TransferRefundStarted), nameof(TransferFailed),
    ];

    /// <summary>The type name in a stored manifest: <c>MoneyDeposited.v1</c> → <c>MoneyDeposited</c>.</summary>
    public static string TypeOf(string manifest) => manifest.IndexOf('.') is var dot and >= 0 ? manifest[..dot] : manifest;

    /// <param name="type">The event's <see cref="TypeOf"/>, which the stream has already worked out to filter on.</param>
    public async ValueTask<LiveEvent> FromAsync(FeedEvent feed, string type, CancellationToken cancellationToken)
    {
        LiveEvent Shown(string? accountId, string? transferId, string? amount, string? currency, string? detail, DateTimeOffset at) =>
            new(feed.StreamSequence, feed.EntityType, feed.EntityId, type, accountId, transferId, amount, currency, detail, feed.SequenceNr, at);

        switch (feed.Event)
        {
            case IAccountEvent account:
                {
                    if (account is AccountCreated created) currencies.Learn(created.AccountId, created.CurrencyCode);
                    var currency = await currencies.FindAsync(account.AccountId, cancellationToken);
                    // The ledger's own list of money movements (the read model's transactions come from it too).
                    var movement = TransactionTypes.Of(account);
                    var amount = movement is { } m && currency is not null ? Currency.Find(currency).Format(m.AmountMinorUnits) : null;
                    var detail = account switch
                    {
                        AccountCreated e => e.OwnerName,
                        AccountFrozen e => e.Reason,
                        AccountClosed e => e.Reason,
                        _ => movement?.Description,
                    };
                    return Shown(account.AccountId, movement?.TransferId, amount, currency, detail, account.OccurredAt);
                }
            case TransferInitiated e:
                return Shown(e.FromAccountId, e.TransferId, TransferResponse.FormatAmount(e.Amount, null), null,
                    $"{e.FromAccountId} → {e.ToAccountId}", e.OccurredAt);
            case TransferSourceDebited e:
                return Shown(null, e.TransferId, Currency.Find(e.CurrencyCode).Format(e.AmountMinorUnits), e.CurrencyCode, null, e.OccurredAt);
            case TransferRefundStarted e:
                return Shown(null, e.TransferId, null, null, $"{e.Reason}: {e.Detail}", e.OccurredAt);
            case TransferFailed e:
                return Shown(null, e.TransferId, null, null, $"{e.Reason}: {e.Detail}", e.OccurredAt);
            case ITransferEvent e:
                return Shown(null, e.TransferId, null, null, null, e.OccurredAt);
            default:
                return Shown(null, null, null, null, null, feed.WrittenAt);
        }
    }
}
