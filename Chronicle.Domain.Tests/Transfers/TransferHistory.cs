using Chronicle.Domain.Transfers;

namespace Chronicle.Domain.Tests.Transfers;

/// <summary>One transfer of 10.00 USD from "src" to "dst", folded to each point of its life.</summary>
internal static class TransferHistory
{
    public const string Id = "t1";

    public static readonly DateTimeOffset T0 = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

    public static readonly StartTransfer Request = new(Id, "src", "dst", 10m, "rent");

    public static readonly Guid DebitId = Guid.Parse("00000000-0000-0000-0000-0000000000d1");

    public static readonly Guid CreditId = Guid.Parse("00000000-0000-0000-0000-0000000000c1");

    public static readonly Guid RefundId = Guid.Parse("00000000-0000-0000-0000-0000000000f1");

    public static TransferState New => TransferState.Initial(Id);

    public static TransferState Pending => New.Apply(new TransferInitiated(Id, T0, "src", "dst", 10m, "rent", Request.Fingerprint()));

    public static TransferState Debited => Pending.Apply(new TransferSourceDebited(Id, T0, "USD", 10_00, DebitId));

    public static TransferState Refunding => Debited.Apply(new TransferRefundStarted(Id, T0, "account_frozen", "account 'dst' is frozen"));

    public static TransferState Completed => Debited.Apply(new TransferCompleted(Id, T0, CreditId));

    public static TransferState FailedAtDebit => Pending.Apply(new TransferFailed(Id, T0, "insufficient_funds", "balance too low", RefundEventId: null));

    public static TransferState Refunded => Refunding.Apply(new TransferFailed(Id, T0, "account_frozen", "refunded", RefundId));

    /// <summary>Every point of a transfer's life by name, for tables over all of them.</summary>
    public static TransferState Named(string name) => name switch
    {
        nameof(New) => New,
        nameof(Pending) => Pending,
        nameof(Debited) => Debited,
        nameof(Refunding) => Refunding,
        nameof(Completed) => Completed,
        nameof(FailedAtDebit) => FailedAtDebit,
        nameof(Refunded) => Refunded,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name),
    };

    public static readonly string[] Names = [nameof(New), nameof(Pending), nameof(Debited), nameof(Refunding), nameof(Completed), nameof(FailedAtDebit), nameof(Refunded)];
}
