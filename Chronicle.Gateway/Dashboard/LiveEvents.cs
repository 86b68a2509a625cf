using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Projector.Feed;

namespace Chronicle.Gateway.Dashboard;

/// <summary>Turns a decoded feed event into what the live stream shows (<see cref="LiveEvent"/>).</summary>
internal sealed class LiveEvents(AccountCurrencies currencies)
{
    /// <summary>Every type the stream can carry, for <c>?type=</c>: the ledger's account events, transfers' included.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        nameof(AccountCreated), nameof(MoneyDeposited), nameof(MoneyWithdrawn), nameof(AccountFrozen), nameof(AccountUnfrozen),
        nameof(AccountClosed), nameof(TransferSent), nameof(TransferHeld), nameof(HoldPosted), nameof(HoldReleased),
        nameof(TransferCredited), nameof(TransferSettled), nameof(TransferReturned),
    ];

    /// <summary>The type name in a stored manifest: <c>MoneyDeposited.v1</c> → <c>MoneyDeposited</c>.</summary>
    public static string TypeOf(string manifest) => manifest.IndexOf('.') is var dot and >= 0 ? manifest[..dot] : manifest;

    /// <param name="type">The event's <see cref="TypeOf"/>, which the stream has already worked out to filter on.</param>
    public async ValueTask<LiveEvent> FromAsync(FeedEvent feed, string type, CancellationToken cancellationToken)
    {
        if (feed.Event is not IAccountEvent account)
            return new(feed.StreamSequence, feed.EntityType, feed.EntityId, type, null, null, null, null, null, feed.SequenceNr, feed.WrittenAt);

        if (account is AccountCreated created) currencies.Learn(created.AccountId, created.CurrencyCode);
        var currency = await currencies.FindAsync(account.AccountId, cancellationToken);
        var (transferId, amountMinorUnits, detail) = Described(account);
        var amount = amountMinorUnits is { } minor && currency is not null ? Currency.Find(currency).Format(minor) : null;
        return new(feed.StreamSequence, feed.EntityType, feed.EntityId, type, account.AccountId, transferId, amount, currency, detail,
            feed.SequenceNr, account.OccurredAt);
    }

    /// <summary>The transfer an event belongs to, the money it moves or holds, and its words.</summary>
    private static (string? TransferId, long? AmountMinorUnits, string? Detail) Described(IAccountEvent account) => account switch
    {
        AccountCreated e => (null, e.InitialBalanceMinorUnits > 0 ? e.InitialBalanceMinorUnits : null, e.OwnerName),
        MoneyDeposited e => (null, e.AmountMinorUnits, e.Description),
        MoneyWithdrawn e => (null, e.AmountMinorUnits, e.Description),
        AccountFrozen e => (null, null, e.Reason),
        AccountClosed e => (null, null, e.Reason),
        TransferSent e => (e.TransferId, e.AmountMinorUnits, e.Description),
        TransferHeld e => (e.TransferId, e.AmountMinorUnits, $"hold for {e.ToAccountId}"),
        HoldPosted e => (e.TransferId, e.AmountMinorUnits, null),
        HoldReleased e => (e.TransferId, null, e.Reason),
        TransferCredited e => (e.TransferId, e.AmountMinorUnits, e.Description),
        TransferSettled e => (e.TransferId, null, null),
        TransferReturned e => (e.TransferId, e.AmountMinorUnits, $"{e.Reason}: {e.Detail}"),
        _ => (null, null, null),
    };
}
