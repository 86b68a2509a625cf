using Chronicle.Contracts.Transfers;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Tests.Projection;

/// <summary>The projection's pure part: what a batch of feed events makes of the read model's rows.</summary>
public sealed class ReadModelChangesTests
{
    private static readonly DateTimeOffset T0 = TransferScenario.T0;

    private readonly FeedScript _feed = new();

    [Fact]
    public void Account_events_become_a_balance_row_transaction_rows_and_audit_rows()
    {
        var changes = ReadModelChanges.Empty();
        changes.Apply(_feed.Account(new AccountCreated("a", Guid.NewGuid(), T0, "Ann", "EUR", 500, null)));
        changes.Apply(_feed.Account(new MoneyDeposited("a", Guid.NewGuid(), T0, 250, 750, "salary", null)));
        changes.Apply(_feed.Account(new AccountFrozen("a", Guid.NewGuid(), T0, "audit", null)));
        changes.Apply(_feed.Account(new TransferCredited("a", Guid.NewGuid(), T0, "t1", "b", 100, 850, "rent", null)));

        var row = Assert.Single(changes.ChangedAccounts);
        Assert.Equal((850L, AccountStatus.Frozen, 4L, 3L, "EUR"),
            (row.State.BalanceMinorUnits, row.State.Status, row.State.Version, row.TransactionCount, row.State.CurrencyCode));
        Assert.Equal(["deposit", "deposit", "transfer_in"], changes.Transactions.Select(t => t.Type));
        Assert.Equal([500L, 750L, 850L], changes.Transactions.Select(t => t.BalanceAfterMinorUnits));
        Assert.Equal("t1", changes.Transactions[2].TransferId);
        // The target's credit changes no transfer row: the source's settlement carries it.
        Assert.Empty(changes.ChangedTransfers);
        Assert.Equal(4, changes.Applied);
        Assert.Equal([1L, 2L, 3L, 4L], changes.Audit.Select(a => a.Version));
    }

    [Fact]
    public void An_event_out_of_its_place_or_a_balance_that_does_not_add_up_fails_the_batch()
    {
        var changes = ReadModelChanges.Empty();
        changes.Apply(_feed.Account(new AccountCreated("a", Guid.NewGuid(), T0, "Ann", "USD", 0, null)));
        var skipped = _feed.Account(new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 1, null, null));
        Assert.Throws<InvariantViolatedException>(() => changes.Apply(skipped with { SequenceNr = 3 }));
        Assert.Throws<InvariantViolatedException>(() => changes.Apply(_feed.Account(new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 5, null, null)) with { SequenceNr = 2 }));
        Assert.Equal(1, changes.VersionOf("account", "a"));
    }

    [Fact]
    public void Each_transfer_event_moves_its_row_and_the_account_balance_and_holds()
    {
        var changes = ReadModelChanges.Empty();
        var script = TransferScenario.Events();
        var statuses = new List<(string TransferId, string Status)>();
        foreach (var scripted in script)
        {
            changes.Apply(_feed.Account(scripted.Event));
            if (scripted.TransferId is { } transferId)
                statuses.Add((transferId, changes.ChangedTransfers.Single(t => t.TransferId == transferId).Status));
        }

        // held→voided, held→expired, held→pending (part posted)→completed, pending→failed, and two left open.
        Assert.Equal(script.Where(x => x.TransferId is not null).Select(x => (x.TransferId!, x.Status!)), statuses);
        var rows = changes.ChangedTransfers.ToDictionary(t => t.TransferId);
        Assert.Equal((4_000L, (long?)2_500L, TransferScenario.CreditEventId, (DateTimeOffset?)null),
            (rows["h-post"].AmountMinorUnits, rows["h-post"].PostedAmountMinorUnits, rows["h-post"].CreditEventId, rows["h-post"].ExpiresAt));
        Assert.Equal(("account_frozen", "account 'frozen' is frozen"), (rows["t-fail"].FailureReason, rows["t-fail"].FailureDetail));
        Assert.Equal((2_000L, "void me", (DateTimeOffset?)TransferScenario.HoldExpiry), (rows["h-void"].AmountMinorUnits, rows["h-void"].Description, rows["h-void"].ExpiresAt));
        Assert.All(rows.Values, r => Assert.Equal(("src", "USD"), (r.FromAccountId, r.CurrencyCode)));

        var source = changes.ChangedAccounts.Single(a => a.State.AccountId == TransferScenario.Source).State;
        Assert.Equal((7_000L, 300L, 6_700L), (source.BalanceMinorUnits, source.HeldMinorUnits, source.AvailableMinorUnits));
        Assert.Equal(["h-open", "t-open"], source.Outgoing.Keys.Order(StringComparer.Ordinal));
        // Holds, releases and settlements move no balance: no transaction rows.
        Assert.Equal(
            [("src", "deposit", 10_000L, "initial balance"), ("src", "transfer_out", 2_500L, "rent"), ("dst", "transfer_in", 2_500L, "rent"),
                ("src", "transfer_out", 1_000L, "to a frozen account"), ("src", "refund", 1_000L, "account_frozen"), ("src", "transfer_out", 500L, null)],
            changes.Transactions.Select(t => (t.AccountId, t.Type, t.AmountMinorUnits, t.Description)));
    }

    [Fact]
    public void A_transfer_carrying_an_earlier_one_s_settlement_completes_that_row_and_opens_its_own()
    {
        var changes = ReadModelChanges.Empty();
        var credit = Guid.NewGuid();
        changes.Apply(_feed.Account(new AccountCreated("s", Guid.NewGuid(), T0, "Sam", "USD", 100_00, null)));
        changes.Apply(_feed.Account(new TransferSent("s", Guid.NewGuid(), T0, "t1", "d", 30_00, 70_00, null, null)));
        var carrier = new TransferSent("s", Guid.NewGuid(), T0, "t2", "d", 20_00, 50_00, null, null);
        changes.Apply(_feed.Account(Settlements.Carrying(carrier, [new TransferSettled("s", Guid.NewGuid(), T0, "t1", credit)])));

        var rows = changes.ChangedTransfers.ToDictionary(t => t.TransferId);
        Assert.Equal((TransferStatuses.Completed, (Guid?)credit, 3L), (rows["t1"].Status, rows["t1"].CreditEventId, rows["t1"].SourceVersion));
        Assert.Equal((TransferStatuses.Pending, 3L), (rows["t2"].Status, rows["t2"].SourceVersion));
        Assert.Equal(["t2"], changes.ChangedAccounts.Single().State.Outgoing.Keys);
    }

    [Fact]
    public void Rows_rebuilt_from_the_open_transfers_give_back_the_state_the_fold_has()
    {
        var script = TransferScenario.Events();
        var all = ReadModelChanges.Empty();
        foreach (var scripted in script) all.Apply(_feed.Account(scripted.Event));
        var fold = AccountState.Initial(TransferScenario.Source)
            .ApplyAll(script.Select(x => x.Event).Where(e => e.AccountId == TransferScenario.Source));

        var open = all.ChangedTransfers.Where(t => t.IsOpen).ToList();
        Assert.Equal(fold.Outgoing.Values.OrderBy(o => o.TransferId, StringComparer.Ordinal),
            open.Select(t => t.ToOutgoing()).OrderBy(o => o.TransferId, StringComparer.Ordinal));
    }

    [Fact]
    public void A_saga_event_is_of_no_entity_the_read_model_knows()
    {
        var changes = ReadModelChanges.Empty();
        Assert.False(ReadModelChanges.Projects("transfer"));
        Assert.Throws<InvariantViolatedException>(() => changes.VersionOf("transfer", "t1"));
    }
}
