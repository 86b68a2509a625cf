using Chronicle.Domain.Accounts;

namespace Chronicle.Tests.Projection;

/// <summary>
/// Every way a transfer goes, on one source account ("src", 100.00 USD) towards "dst", as the ledger records it:
/// a hold voided, a hold expired, a hold of 40.00 posted for 25.00 and settled, a transfer the target refused
/// (returned), and a transfer and a hold left open. After it: src has 70.00 with 3.00 held, dst 25.00.
/// </summary>
internal static class TransferScenario
{
    public const string Source = "src";
    public const string Target = "dst";
    public const string RefusedBy = "frozen";

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset HoldExpiry = T0.AddHours(1);
    public static readonly Guid CreditEventId = Guid.CreateVersion7();

    /// <summary>The events in the order the feed delivers them.</summary>
    public static IReadOnlyList<ScriptedEvent> Events()
    {
        var t = 0;
        DateTimeOffset At() => T0.AddSeconds(++t);
        return
        [
            new(new AccountCreated(Source, Id(), At(), "Sam Source", "USD", 10_000, null)),
            new(new AccountCreated(Target, Id(), At(), "Dana Target", "USD", 0, null)),
            new(new TransferHeld(Source, Id(), At(), "h-void", Target, 2_000, HoldExpiry, "void me", null), "h-void", "held"),
            new(new TransferHeld(Source, Id(), At(), "h-expire", Target, 1_000, T0.AddMinutes(1), null, null), "h-expire", "held"),
            new(new TransferHeld(Source, Id(), At(), "h-post", Target, 4_000, HoldExpiry, "rent", null), "h-post", "held"),
            new(new HoldReleased(Source, Id(), At(), "h-void", HoldReleased.Voided, null), "h-void", "voided"),
            new(new HoldReleased(Source, Id(), At(), "h-expire", HoldReleased.Expired, null), "h-expire", "expired"),
            new(new HoldPosted(Source, Id(), At(), "h-post", 2_500, 7_500, null), "h-post", "pending"),
            new(new TransferCredited(Target, CreditEventId, At(), "h-post", Source, 2_500, 2_500, "rent", null)),
            new(new TransferSettled(Source, Id(), At(), "h-post", CreditEventId), "h-post", "completed"),
            new(new TransferSent(Source, Id(), At(), "t-fail", RefusedBy, 1_000, 6_500, "to a frozen account", null), "t-fail", "pending"),
            new(new TransferReturned(Source, Id(), At(), "t-fail", 1_000, 7_500, "account_frozen", "account 'frozen' is frozen"), "t-fail", "failed"),
            new(new TransferSent(Source, Id(), At(), "t-open", Target, 500, 7_000, null, null), "t-open", "pending"),
            new(new TransferHeld(Source, Id(), At(), "h-open", Target, 300, HoldExpiry, "deposit", null), "h-open", "held"),
        ];
    }

    private static Guid Id() => Guid.CreateVersion7();
}

/// <param name="TransferId">The transfer whose row the event changes, and <paramref name="Status"/> the status it leaves it in; null when it changes none.</param>
internal sealed record ScriptedEvent(IAccountEvent Event, string? TransferId = null, string? Status = null);
