using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Tests.Projection;

/// <summary>The projection's pure part: what a batch of feed events makes of the read model's rows.</summary>
public sealed class ReadModelChangesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private long _ordering;

    private FeedEvent Account(long sequenceNr, IAccountEvent e) =>
        new(0, ++_ordering, "account", e.AccountId, sequenceNr, e.GetType().Name + ".v1", T0, e, "{}");

    private FeedEvent Transfer(long sequenceNr, ITransferEvent e) =>
        new(0, ++_ordering, "transfer", e.TransferId, sequenceNr, e.GetType().Name + ".v1", T0, e, "{}");

    private static ReadModelChanges Empty() => new(new Dictionary<string, ProjectedAccount>(), new Dictionary<string, ProjectedTransfer>());

    [Fact]
    public void Account_events_become_a_balance_row_transaction_rows_and_audit_rows()
    {
        var changes = Empty();
        changes.Apply(Account(1, new AccountCreated("a", Guid.NewGuid(), T0, "Ann", "EUR", 500, null)));
        changes.Apply(Account(2, new MoneyDeposited("a", Guid.NewGuid(), T0, 250, 750, "salary", null)));
        changes.Apply(Account(3, new AccountFrozen("a", Guid.NewGuid(), T0, "audit", null)));
        changes.Apply(Account(4, new TransferRefunded("a", Guid.NewGuid(), T0, "t1", 100, 850, "account_frozen", null)));

        var row = Assert.Single(changes.ChangedAccounts);
        Assert.Equal((850L, AccountStatus.Frozen, 4L, 3L, "EUR"),
            (row.State.BalanceMinorUnits, row.State.Status, row.State.Version, row.TransactionCount, row.State.CurrencyCode));
        Assert.Equal(["deposit", "deposit", "refund"], changes.Transactions.Select(t => t.Type));
        Assert.Equal([500L, 750L, 850L], changes.Transactions.Select(t => t.BalanceAfterMinorUnits));
        Assert.Equal("t1", changes.Transactions[2].TransferId);
        Assert.Equal(4, changes.Applied);
        Assert.Equal([1L, 2L, 3L, 4L], changes.Audit.Select(a => a.Version));
    }

    [Fact]
    public void An_event_out_of_its_place_or_a_balance_that_does_not_add_up_fails_the_batch()
    {
        var changes = Empty();
        changes.Apply(Account(1, new AccountCreated("a", Guid.NewGuid(), T0, "Ann", "USD", 0, null)));
        Assert.Throws<InvariantViolatedException>(() => changes.Apply(Account(3, new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 1, null, null))));
        Assert.Throws<InvariantViolatedException>(() => changes.Apply(Account(2, new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 5, null, null))));
        Assert.Equal(1, changes.VersionOf("account", "a"));
    }

    [Fact]
    public void Transfer_events_become_a_transfers_row_with_status_and_reason_and_stable_event_ids()
    {
        var changes = Empty();
        changes.Apply(Transfer(1, new TransferInitiated("t1", T0, "a", "b", 1.5m, null, "fp")));
        changes.Apply(Transfer(2, new TransferSourceDebited("t1", T0, "USD", 150, Guid.NewGuid())));
        changes.Apply(Transfer(3, new TransferRefundStarted("t1", T0, "account_frozen", "frozen")));
        changes.Apply(Transfer(4, new TransferFailed("t1", T0, "account_frozen", "frozen", Guid.NewGuid())));

        var row = Assert.Single(changes.ChangedTransfers);
        Assert.Equal((TransferStatus.Failed, "account_frozen", 4L, "USD"), (row.State.Status, row.State.FailureReason, row.Version, row.State.CurrencyCode));
        Assert.Equal(4, changes.Audit.Select(a => a.EventId).Distinct().Count());

        // A rebuild gives the saga's events the same ids again.
        var again = Empty();
        _ordering = 0;
        again.Apply(Transfer(1, new TransferInitiated("t1", T0, "a", "b", 1.5m, null, "fp")));
        Assert.Equal(changes.Audit[0].EventId, again.Audit[0].EventId);
    }
}
