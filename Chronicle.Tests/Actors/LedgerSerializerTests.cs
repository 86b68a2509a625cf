using Akka.Actor;
using Chronicle.Actors.Serialization;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Chain;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Tests.Actors;

/// <summary>What goes into the journal comes back equal, under a stable, versioned manifest.</summary>
public sealed class LedgerSerializerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("serializer-test");
    private LedgerSerializer Serializer => new((ExtendedActorSystem)_system);

    private static readonly ClientMetadata Labels = ClientMetadata.Of([KeyValuePair.Create("order", "42"), KeyValuePair.Create("ünï \"q\"", "✓ \\ ok")])!;

    public static TheoryData<object, string> Events => new()
    {
        { new AccountCreated("a", Guid.NewGuid(), T0, "Ada", "JPY", 125, new IdempotencyStamp("k", "fp")), "AccountCreated.v1" },
        { new AccountCreated("a", Guid.NewGuid(), T0, "Ada", "USD", 0, null, OverdraftLimitMinorUnits: 5_000), "AccountCreated.v1" },
        { new OverdraftLimitSet("a", Guid.NewGuid(), T0, 7_500, new IdempotencyStamp("k", "fp")), "OverdraftLimitSet.v1" },
        { new SetOverdraftLimit("a", 75.00m, 4, "key"), "SetOverdraftLimit" },
        { new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 126, "note", null), "MoneyDeposited.v1" },
        { new MoneyWithdrawn("a", Guid.NewGuid(), T0, 6, 120, null, new IdempotencyStamp("k2", "fp2")), "MoneyWithdrawn.v1" },
        { new DepositMoney("a", 12.345m, "d", 3, "key"), "DepositMoney" },
        { new TransferHeld("a", Guid.NewGuid(), T0, "h1", "b", 200, null, null, null, PendingAtTarget: true), "TransferHeld.v1" },
        { new HoldRefused("a", Guid.NewGuid(), T0, "h1", "account_closed", "closed"), "HoldRefused.v1" },
        { new HoldReleaseConfirmed("a", Guid.NewGuid(), T0, "h1", Guid.NewGuid()), "HoldReleaseConfirmed.v1" },
        { new IncomingHoldOpened("b", Guid.NewGuid(), T0, "h1", "a", 200, new IdempotencyStamp("⇄h1:hold", "fp")), "IncomingHoldOpened.v1" },
        { new IncomingHoldReleased("b", Guid.NewGuid(), T0, "h1"), "IncomingHoldReleased.v1" },
        { new OpenIncomingHold("b", "h1", 2.00m, "USD", "a", IsResend: true), "OpenIncomingHold" },
        { new ReleaseIncomingHold("b", "h1", "a"), "ReleaseIncomingHold" },
        { new CommandRejected(RejectionCode.VersionConflict, "x", 4), "CommandRejected" },
        { new AccountCreated("a", Guid.NewGuid(), T0, "Ada", "USD", 0, null, Metadata: Labels), "AccountCreated.v1" },
        { new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 126, "note", null, Labels), "MoneyDeposited.v1" },
        { new MoneyWithdrawn("a", Guid.NewGuid(), T0, 6, 120, null, null, Labels), "MoneyWithdrawn.v1" },
        { new TransferSent("a", Guid.NewGuid(), T0, "t1", "b", 100, 20, null, null, Metadata: Labels), "TransferSent.v1" },
        { new TransferHeld("a", Guid.NewGuid(), T0, "h1", "b", 200, T0.AddHours(1), null, null, PendingAtTarget: true, Labels), "TransferHeld.v1" },
        { new TransferCredited("b", Guid.NewGuid(), T0, "t1", "a", 100, 100, null, new IdempotencyStamp("⇄t1:credit", "fp"), Labels), "TransferCredited.v1" },
        { new CreateAccount("a", "Ada", 1m, "USD", "key", Metadata: Labels), "CreateAccount" },
        { new WithdrawMoney("a", 1m, null, null, null, Labels), "WithdrawMoney" },
        { new SendTransfer("a", "t1", "b", 1m, null, false, null, "key", Labels), "SendTransfer" },
        { new CreditForTransfer("b", "t1", 1m, "USD", "a", null, IsResend: true, Labels), "CreditForTransfer" },
        { new TracedCommand(new DepositMoney("a", 12.345m, "d", 3, "key", Labels), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), "TracedCommand" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Round_trips_under_its_manifest(object message, string manifest)
    {
        Assert.Equal(manifest, Serializer.Manifest(message));
        Assert.Equal(message, Serializer.FromBinary(Serializer.ToBinary(message), manifest));
    }

    [Fact]
    public void A_snapshot_is_the_ledger_alone_and_round_trips()
    {
        var state = AccountState.Initial("a").ApplyAll([
            new AccountCreated("a", Guid.NewGuid(), T0, "Ada", "USD", 0, new IdempotencyStamp("k1", "f1")),
            new MoneyDeposited("a", Guid.NewGuid(), T0.AddSeconds(1), 500, 500, null, new IdempotencyStamp("k2", "f2")),
            new TransferHeld("a", Guid.NewGuid(), T0.AddSeconds(2), "h1", "b", 200, T0.AddHours(1), "rent", new IdempotencyStamp("k3", "f3")),
            new TransferSent("a", Guid.NewGuid(), T0.AddSeconds(3), "t1", "b", 100, 400, null, null),
            new IncomingHoldOpened("a", Guid.NewGuid(), T0.AddSeconds(4), "h9", "c", 300, null),
            new OverdraftLimitSet("a", Guid.NewGuid(), T0.AddSeconds(5), 1_000, null),
            new TransferHeld("a", Guid.NewGuid(), T0.AddSeconds(6), "h2", "b", 100, T0.AddHours(1), null, null, Metadata: Labels),
        ]) with { Metadata = Labels };

        var snapshot = new ChainedState(state, Head: new string('a', 64));
        var stored = Serializer.ToBinary(snapshot);
        var (restored, head) = (ChainedState)Serializer.FromBinary(stored, Serializer.Manifest(snapshot));

        Assert.Equal("AccountSnapshot.v2", Serializer.Manifest(snapshot));
        Assert.Equal(snapshot.Head, head);
        Assert.Equal(state with { Outgoing = restored.Outgoing, Incoming = restored.Incoming }, restored);
        Assert.Equal(state.Outgoing.OrderBy(o => o.Key), restored.Outgoing.OrderBy(o => o.Key));
        Assert.Equal((Labels, Labels), (restored.Metadata, restored.Outgoing["h2"].Metadata));
        Assert.Equal(state.Incoming.OrderBy(o => o.Key), restored.Incoming.OrderBy(o => o.Key));
        Assert.Equal((300L, 1_000L, 1_100L, 300L),
            (restored.HeldMinorUnits, restored.OverdraftLimitMinorUnits, restored.AvailableMinorUnits, restored.PendingIncomingMinorUnits));
        Assert.DoesNotContain("k2", System.Text.Encoding.UTF8.GetString(stored));
    }

    [Fact]
    public void An_account_opened_and_a_snapshot_taken_before_overdraft_limits_existed_read_as_having_none()
    {
        const string created = """
            {"account_id":"a","event_id":"0196e9a4-0000-7000-8000-000000000000","occurred_at":"2026-01-01T00:00:00+00:00",
             "owner_name":"Ada","currency_code":"USD","initial_balance_minor_units":500}
            """;
        const string snapshot = """
            {"account_id":"a","status":"Active","owner_name":"Ada","currency_code":"USD","balance_minor_units":500,"version":1,
             "created_at":"2026-01-01T00:00:00+00:00","last_updated":"2026-01-01T00:00:00+00:00","outgoing":[]}
            """;

        var opened = Assert.IsType<AccountCreated>(Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(created), "AccountCreated.v1"));
        var state = Assert.IsType<ChainedState>(Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(snapshot), "AccountSnapshot.v2")).State;

        Assert.Equal((0L, 0L), (opened.OverdraftLimitMinorUnits, state.OverdraftLimitMinorUnits));
        Assert.Equal(500L, AccountState.Initial("a").Apply(opened).AvailableMinorUnits);
    }

    [Fact]
    public void A_hold_written_before_targets_were_told_reads_as_one_its_target_knows_nothing_of()
    {
        const string before = """
            {"account_id":"a","event_id":"0196e9a4-0000-7000-8000-000000000000","occurred_at":"2026-01-01T00:00:00+00:00",
             "transfer_id":"h0","to_account_id":"b","amount_minor_units":100}
            """;

        var held = Assert.IsType<TransferHeld>(Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(before), "TransferHeld.v1"));

        Assert.False(held.PendingAtTarget);
    }

    [Fact]
    public void A_version_1_snapshot_is_read_without_its_keys()
    {
        const string v1 = """
            {"account_id":"a","status":"Active","owner_name":"Ada","currency_code":"USD","balance_minor_units":500,"version":2,
             "created_at":"2026-01-01T00:00:00+00:00","last_updated":"2026-01-01T00:00:01+00:00",
             "idempotency_keys":[{"key":"k2","write":{"request_fingerprint":"f2","event_id":"0196e9a4-0000-7000-8000-000000000000","version":2,"balance_after_minor_units":500,"occurred_at":"2026-01-01T00:00:01+00:00"}}]}
            """;

        var (restored, head) = (ChainedState)Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(v1), "AccountSnapshot.v1");

        Assert.Equal(("a", 500L, 2L, AccountStatus.Active), (restored.AccountId, restored.BalanceMinorUnits, restored.Version, restored.Status));
        Assert.Null(head);
    }

    [Fact]
    public void Events_written_before_labels_existed_read_as_having_none_and_an_event_without_any_is_stored_as_before()
    {
        const string deposited = """
            {"account_id":"a","event_id":"0196e9a4-0000-7000-8000-000000000000","occurred_at":"2026-01-01T00:00:00+00:00",
             "amount_minor_units":100,"balance_after_minor_units":600,"description":"salary"}
            """;
        const string sent = """
            {"account_id":"a","event_id":"0196e9a4-0000-7000-8000-000000000001","occurred_at":"2026-01-01T00:00:00+00:00",
             "transfer_id":"t0","to_account_id":"b","amount_minor_units":100,"balance_after_minor_units":500}
            """;
        const string credited = """
            {"account_id":"b","event_id":"0196e9a4-0000-7000-8000-000000000002","occurred_at":"2026-01-01T00:00:00+00:00",
             "transfer_id":"t0","from_account_id":"a","amount_minor_units":100,"balance_after_minor_units":100}
            """;

        Assert.Null(Assert.IsType<MoneyDeposited>(Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(deposited), "MoneyDeposited.v1")).Metadata);
        Assert.Null(Assert.IsType<TransferSent>(Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(sent), "TransferSent.v1")).Metadata);
        Assert.Null(Assert.IsType<TransferCredited>(Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(credited), "TransferCredited.v1")).Metadata);

        // No labels: no member (the JSON, and so the chain's hash, of such an event is what it was); labels: an object in key order.
        var plain = System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 1, null, null)));
        Assert.DoesNotContain("metadata", plain);
        var labelled = System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 1, null, null,
            ClientMetadata.Of([KeyValuePair.Create("b", "2"), KeyValuePair.Create("a", "1")]))));
        Assert.EndsWith(",\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}", labelled);
    }

    public void Dispose() => _system.Dispose();
}
