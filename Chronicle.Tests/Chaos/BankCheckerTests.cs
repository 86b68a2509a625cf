using Chronicle.Chaos.Checker;
using Chronicle.Chaos.Workload;

namespace Chronicle.Tests.Chaos;

/// <summary>The chaos checker on made-up histories: it passes a sound one and names each kind of violation.</summary>
public sealed class BankCheckerTests
{
    private static readonly List<AccountEntry> Sound =
    [
        new("a", 1, "AccountCreated", 1000, 1000, "create-a", null),
        new("a", 2, "MoneyDeposited", 50, 1050, "k-dep", null),
        new("a", 3, "TransferSent", 300, 750, "t1", "t1"),
        new("b", 1, "AccountCreated", 0, 0, "create-b", null),
        new("b", 2, "TransferCredited", 300, 300, "⇄t1:credit", "t1"),
        new("a", 4, "TransferSettled", 0, null, null, "t1"),
        new("b", 3, "MoneyWithdrawn", 100, 200, "k-wd", null),
    ];

    private static readonly List<BankOperation> Log =
    [
        Op(OperationKind.Deposit, "k-dep", "a", 50, Outcome.Acknowledged),
        Op(OperationKind.Withdraw, "k-wd", "b", 100, Outcome.Acknowledged),
        Op(OperationKind.Withdraw, "k-refused", "b", 5000, Outcome.Refused),
        Op(OperationKind.Transfer, "t1", "a", 300, Outcome.Acknowledged),
        Op(OperationKind.Deposit, "k-lost", "a", 10, Outcome.Unresolved),
    ];

    [Fact]
    public void A_sound_history_has_no_violation()
    {
        Assert.Empty(BankChecker.Check(Log, new JournalHistory(Sound)));
    }

    [Fact]
    public void Each_broken_property_is_named()
    {
        Assert.Equal([BankChecker.Acknowledged], Properties(Sound.Where(e => e.Key != "k-dep").Select(Rebalanced("a", 2, -50)).ToList()));
        Assert.Equal([BankChecker.Once], Properties([.. Sound, new("a", 5, "MoneyDeposited", 50, 800, "k-dep", null)]));
        Assert.Equal([BankChecker.NothingElse], Properties([.. Sound, new("b", 4, "MoneyWithdrawn", 200, 0, "k-nobody", null)]));
        Assert.Equal([BankChecker.NonNegative], Properties([.. Sound, new("b", 4, "MoneyWithdrawn", 5000, -4800, "k-refused", null)],
            alsoAllowed: BankChecker.NothingElse));
        Assert.Equal([BankChecker.Conserved], Properties([.. Sound.Where(e => e.Key != "k-wd"), new("b", 3, "MoneyWithdrawn", 100, 250, "k-wd", null)]));
        Assert.Equal([BankChecker.TransfersEnded], Properties(Sound.Where(e => e.Type != "TransferSettled").ToList(), alsoAllowed: BankChecker.Acknowledged));
    }

    /// <summary>The properties broken, distinct and in order, but for <paramref name="alsoAllowed"/>, which the change breaks too by its nature.</summary>
    private static List<string> Properties(List<AccountEntry> accounts, string? alsoAllowed = null) =>
        BankChecker.Check(Log, new JournalHistory(accounts)).Select(v => v.Property).Where(p => p != alsoAllowed).Distinct().ToList();

    /// <summary>The events of <paramref name="account"/> after <paramref name="sequence"/> with their recorded balances moved by <paramref name="by"/>.</summary>
    private static Func<AccountEntry, AccountEntry> Rebalanced(string account, long sequence, long by) =>
        e => e.AccountId == account && e.Sequence > sequence ? e with { BalanceAfter = e.BalanceAfter + by } : e;

    private static BankOperation Op(OperationKind kind, string key, string account, long amount, Outcome outcome) =>
        new(kind, key, account, amount, outcome, outcome == Outcome.Refused ? "insufficient_funds" : null,
            ["201"], TimeSpan.Zero);
}
