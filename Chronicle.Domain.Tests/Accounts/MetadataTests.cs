using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>
/// Labels (metadata): recorded by every write that takes them, kept by the fold (the account's, a transfer's until it ends),
/// carried to a transfer's target by its credit, bounded by the decider, and part of what makes two requests under one key the same.
/// </summary>
public sealed class MetadataTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ClientMetadata Labels = Of(("order", "42"), ("channel", "web"));

    private static readonly AccountState Source = AccountState.Initial("src").Apply(Recorded(AccountState.Initial("src"),
        new CreateAccount("src", "Ada", 100m, "USD", null, Metadata: Of(("customer", "c-1")))));

    private static readonly AccountState Target = AccountState.Initial("dst")
        .Apply(new AccountCreated("dst", Guid.NewGuid(), Now, "Bob", "USD", 0, null));

    private static ClientMetadata Of(params (string Key, string Value)[] entries) =>
        ClientMetadata.Of(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)))!;

    private static IAccountEvent Recorded(AccountState state, IAccountCommand command) =>
        Assert.IsType<Decision.Record>(AccountDecider.Decide(state, command, Now, Guid.NewGuid())).Event;

    private static CommandRejected Refused(AccountState state, IAccountCommand command) =>
        Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Decide(state, command, Now, Guid.NewGuid())).Reply);

    [Fact]
    public void Labels_are_equal_by_their_entries_whatever_their_order_and_none_is_null()
    {
        Assert.Equal(Of(("a", "1"), ("b", "2")), Of(("b", "2"), ("a", "1")));
        Assert.Equal(Of(("a", "1")).GetHashCode(), Of(("a", "1")).GetHashCode());
        Assert.NotEqual(Of(("a", "1")), Of(("a", "2")));
        Assert.NotEqual(Of(("a", "1")), Of(("A", "1")));
        Assert.Equal(["a", "b"], Of(("b", "2"), ("a", "1")).Entries.Keys);
        Assert.Null(ClientMetadata.Of([]));
    }

    [Fact]
    public void Labels_read_from_what_a_client_sent_are_refused_for_the_first_thing_wrong()
    {
        Assert.Null(ClientMetadata.Read([("b", "2"), ("a", "")], out var read));
        Assert.Equal(Of(("a", ""), ("b", "2")), read);
        Assert.Null(ClientMetadata.Read([], out var none));
        Assert.Null(none);

        Assert.Equal("key 'k' appears more than once", ClientMetadata.Read([("k", "1"), ("k", "1")], out var twice));
        Assert.Null(twice);
        Assert.StartsWith("the value of 'k' must be a string", ClientMetadata.Read([("k", null)], out _));
        Assert.StartsWith("key 'a[1]' must be", ClientMetadata.Read([("a[1]", "v"), ("k", null)], out _));
        Assert.Equal("has 21 keys; at most 20 are accepted", ClientMetadata.Read(Enumerable.Range(0, 21).Select(i => ($"k{i}", (string?)"v")), out _));
        Assert.EndsWith("…' must be 1-40 characters, without control characters or square brackets", ClientMetadata.Read([(new string('k', 1000), "v")], out _));
    }

    [Fact]
    public void Each_write_that_takes_labels_records_them_and_the_account_keeps_its_own()
    {
        Assert.Equal(Of(("customer", "c-1")), Source.Metadata);
        Assert.Equal(Labels, Assert.IsType<MoneyDeposited>(Recorded(Source, new DepositMoney("src", 1m, null, null, null, Labels))).Metadata);
        Assert.Equal(Labels, Assert.IsType<MoneyWithdrawn>(Recorded(Source, new WithdrawMoney("src", 1m, null, null, null, Labels))).Metadata);
        Assert.Null(Assert.IsType<MoneyDeposited>(Recorded(Source, new DepositMoney("src", 1m, null, null, null))).Metadata);

        var deposited = Source.Apply(Recorded(Source, new DepositMoney("src", 1m, null, null, null, Labels)));
        Assert.Equal(Of(("customer", "c-1")), deposited.Metadata);
    }

    [Fact]
    public void A_transfer_keeps_its_labels_while_open_and_its_credit_carries_them_to_the_target()
    {
        var sent = Source.Apply(Recorded(Source, new SendTransfer("src", "t1", "dst", 30m, null, false, null, TransferStart.KeyOf("t1"), Labels)));
        Assert.Equal(Labels, sent.Outgoing["t1"].Metadata);

        var credit = TargetSteps.Credit(sent, sent.Outgoing["t1"], isResend: false);
        Assert.Equal(Labels, credit.Metadata);
        Assert.Equal(Labels, Assert.IsType<TransferCredited>(Recorded(Target, credit)).Metadata);
    }

    [Fact]
    public void A_posted_hold_is_credited_with_the_labels_it_was_held_with()
    {
        var hold = Recorded(Source, new SendTransfer("src", "h1", "dst", 30m, null, true, 60, TransferStart.KeyOf("h1"), Labels));
        Assert.Equal(Labels, Assert.IsType<TransferHeld>(hold).Metadata);
        var held = Source.Apply(hold);

        var posted = held.Apply(Recorded(held, new PostTransfer("src", "h1", 10m, null)));
        Assert.Equal(Labels, TargetSteps.Credit(posted, posted.Outgoing["h1"], isResend: false).Metadata);
    }

    public static TheoryData<ClientMetadata> BeyondBounds => new()
    {
        ClientMetadata.Of(Enumerable.Range(0, ClientMetadata.MaxKeys + 1).Select(i => KeyValuePair.Create($"k{i}", "v")))!,
        Of((new string('k', ClientMetadata.MaxKeyLength + 1), "v")),
        Of(("", "v")),
        Of(("a[b", "v")),
        Of(("a]", "v")),
        Of(("tab\tkey", "v")),
        Of(("k", new string('v', ClientMetadata.MaxValueLength + 1))),
        Of(("k", "line\nbreak")),
    };

    [Theory]
    [MemberData(nameof(BeyondBounds))]
    public void Labels_beyond_their_bounds_are_refused_by_every_write_that_takes_them(ClientMetadata labels)
    {
        IAccountCommand[] commands =
        [
            new CreateAccount("new", "Ada", 0m, "USD", null, Metadata: labels),
            new DepositMoney("src", 1m, null, null, null, labels),
            new WithdrawMoney("src", 1m, null, null, null, labels),
            new SendTransfer("src", "t1", "dst", 1m, null, false, null, TransferStart.KeyOf("t1"), labels),
        ];
        foreach (var command in commands)
        {
            var state = command is CreateAccount ? AccountState.Initial("new") : Source;
            var refused = Refused(state, command);
            Assert.Equal(RejectionCode.ValidationFailed, refused.Code);
            Assert.StartsWith("metadata ", refused.Detail);
        }
    }

    [Fact]
    public void Labels_at_their_bounds_are_taken()
    {
        var full = ClientMetadata.Of(Enumerable.Range(0, ClientMetadata.MaxKeys)
            .Select(i => KeyValuePair.Create(i.ToString("D2") + new string('k', ClientMetadata.MaxKeyLength - 2), new string('v', ClientMetadata.MaxValueLength))))!;
        Assert.Null(full.Problem());
        Assert.Equal(full, Assert.IsType<MoneyDeposited>(Recorded(Source, new DepositMoney("src", 1m, null, null, null, full))).Metadata);
        Assert.Null(Of(("k", "")).Problem());
    }

    [Fact]
    public void The_same_key_with_other_labels_is_another_request_and_with_the_same_labels_in_another_order_the_same()
    {
        var first = new DepositMoney("src", 5m, null, null, "key", Of(("a", "1"), ("b", "2")));
        var recorded = Recorded(Source, first);
        var remembered = RememberedWrite.Of(recorded, 2)!;

        Assert.IsType<WriteAccepted>(Assert.IsType<Decision.Answer>(AccountDecider.Replay(first with { Metadata = Of(("b", "2"), ("a", "1")) }, remembered, "USD")).Reply);
        foreach (var other in new[] { first with { Metadata = Of(("a", "1")) }, first with { Metadata = null }, first with { Metadata = Of(("a", "1"), ("b", "3")) } })
        {
            var refused = Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Replay(other, remembered, "USD")).Reply);
            Assert.Equal(RejectionCode.IdempotencyKeyReused, refused.Code);
        }
        // A value cannot pass for a key: each is counted out by its length.
        Assert.NotEqual(RequestFingerprint.Of(first with { Metadata = Of(("a", "1|b")) }), RequestFingerprint.Of(first with { Metadata = Of(("a|1", "b")) }));
    }

    [Fact]
    public void A_request_without_labels_keeps_the_fingerprint_it_had_before_labels_existed()
    {
        // SHA-256 of "deposit|a|12.5|d|3" and of "transfer|src|t1|dst|30||False|", their first 16 bytes: as written before.
        Assert.Equal("B54FDDD5E2FFB28E265C2E91EE6C64E1", RequestFingerprint.Of(new DepositMoney("a", 12.50m, "d", 3, "key")));
        Assert.Equal("660F098E82A553F1677B62B6C0F2F4D4",
            RequestFingerprint.Of(new SendTransfer("src", "t1", "dst", 30m, null, false, null, "key")));
    }
}
