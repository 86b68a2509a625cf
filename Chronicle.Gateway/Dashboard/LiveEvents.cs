using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Gateway.Dashboard;

/// <summary>Turns a decoded feed event into what the live stream shows (<see cref="LiveEvent"/>).</summary>
internal sealed class LiveEvents(AccountCurrencies currencies)
{
    /// <summary>Every type the stream can carry, for <c>?type=</c>: the ledger's account events, transfers' included.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        nameof(AccountCreated), nameof(MoneyDeposited), nameof(MoneyWithdrawn), nameof(AccountFrozen), nameof(AccountUnfrozen),
        nameof(AccountClosed), nameof(OverdraftLimitSet), nameof(TransferSent), nameof(TransferHeld), nameof(HoldPosted), nameof(HoldReleased),
        nameof(TransferCredited), nameof(TransferSettled), nameof(TransferReturned), nameof(HoldRefused), nameof(HoldReleaseConfirmed),
        nameof(IncomingHoldOpened), nameof(IncomingHoldReleased),
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

    /// <summary>
    /// The transfer an event belongs to, the money it shows and its words: the ledger's own list of money movements
    /// (the read model's transactions come from it too), and the steps of holds and transfers that move none.
    /// </summary>
    private static (string? TransferId, long? AmountMinorUnits, string? Detail) Described(IAccountEvent account) => account switch
    {
        AccountCreated e => (null, TransactionTypes.Of(e)?.AmountMinorUnits, e.OwnerName),
        AccountFrozen e => (null, null, e.Reason),
        AccountClosed e => (null, null, e.Reason),
        OverdraftLimitSet e => (null, e.OverdraftLimitMinorUnits, "overdraft limit"),
        TransferHeld e => (e.TransferId, e.AmountMinorUnits, $"hold for {e.ToAccountId}"),
        HoldReleased e => (e.TransferId, null, e.Reason),
        TransferSettled e => (e.TransferId, null, null),
        TransferReturned e => (e.TransferId, e.AmountMinorUnits, $"{e.Reason}: {e.Detail}"),
        HoldRefused e => (e.TransferId, null, $"{e.Reason}: {e.Detail}"),
        HoldReleaseConfirmed e => (e.TransferId, null, null),
        IncomingHoldOpened e => (e.TransferId, e.AmountMinorUnits, $"hold from {e.FromAccountId}, pending"),
        IncomingHoldReleased e => (e.TransferId, null, "released"),
        _ when TransactionTypes.Of(account) is { } movement => (movement.TransferId, movement.AmountMinorUnits, movement.Description),
        _ => (null, null, null),
    };
}
