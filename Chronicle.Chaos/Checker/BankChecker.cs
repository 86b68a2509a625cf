using Chronicle.Chaos.Workload;

namespace Chronicle.Chaos.Checker;

/// <summary>
/// The bank's properties, checked from the clients' log and the journal:
/// <list type="bullet">
/// <item>every acknowledged write is in the journal (a transfer: its source recorded it completed);</item>
/// <item>no write is applied twice: no Idempotency-Key (a client's, or a transfer leg's) on two events;</item>
/// <item>a refused write is not in the journal, and nothing is there that no client asked for;</item>
/// <item>no balance ever went below zero, and every event's recorded balance follows from the one before;</item>
/// <item>money is conserved: the balances add up to the initial balances plus deposits minus withdrawals,
///   every completed transfer debited and credited the same amount, every failed one refunded what it debited;</item>
/// <item>every transfer ended, completed or failed, as its client was told.</item>
/// </list>
/// An unresolved operation (no final answer) may or may not have been applied; it is held only to the
/// at-most-once rules.
/// </summary>
internal static class BankChecker
{
    public const string Acknowledged = "acknowledged writes present";
    public const string Once = "no write applied twice";
    public const string NothingElse = "refused writes absent, nothing unasked";
    public const string NonNegative = "no balance below zero";
    public const string Conserved = "money conserved";
    public const string TransfersEnded = "every transfer completed or failed";

    public static readonly IReadOnlyList<string> Properties = [Acknowledged, Once, NothingElse, NonNegative, Conserved, TransfersEnded];

    public static IReadOnlyList<Violation> Check(IReadOnlyCollection<BankOperation> log, JournalHistory journal)
    {
        var violations = new List<Violation>();
        var byKey = journal.Accounts.Where(e => e.Key is not null).ToLookup(e => e.Key!);
        var transferEnd = journal.TransferEnds();
        var clientKeys = log.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var op in log)
        {
            switch (op.Kind, op.Outcome)
            {
                case (OperationKind.Transfer, Outcome.Acknowledged) when transferEnd.GetValueOrDefault(op.Key) != Completed:
                    violations.Add(new(Acknowledged, $"transfer {op.Key} answered completed; its source's last event of it is {transferEnd.GetValueOrDefault(op.Key) ?? "none"}", op.Key));
                    break;
                case (OperationKind.Transfer, Outcome.Refused) when transferEnd.GetValueOrDefault(op.Key) is Completed:
                    violations.Add(new(NothingElse, $"transfer {op.Key} answered failed ({op.RefusalCode}); it completed", op.Key));
                    break;
                case (not OperationKind.Transfer, Outcome.Acknowledged) when !byKey[op.Key].Any(e => e.AccountId == op.AccountId && e.Type == EventType(op.Kind)):
                    violations.Add(new(Acknowledged, $"{op.Kind} {op.Key} of {BankClients.Money(op.AmountMinorUnits)} to {op.AccountId} was acknowledged and is not in the journal", op.Key));
                    break;
                case (not OperationKind.Transfer, Outcome.Refused) when byKey[op.Key].Any():
                    violations.Add(new(NothingElse, $"{op.Kind} {op.Key} was refused ({op.RefusalCode}) and is in the journal", op.Key));
                    break;
            }
        }

        foreach (var twice in byKey.Where(g => g.Count() > 1))
            violations.Add(new(Once, $"key {twice.Key} is on {twice.Count()} events: {string.Join(", ", twice.Select(e => $"{e.AccountId}#{e.Sequence} {e.Type}"))}",
                twice.First().TransferId ?? twice.Key)); // a transfer leg's key belongs to its transfer
        foreach (var e in journal.Accounts.Where(e => e.Type is "MoneyDeposited" or "MoneyWithdrawn" && (e.Key is null || !clientKeys.Contains(e.Key))))
            violations.Add(new(NothingElse, $"{e.AccountId}#{e.Sequence} {e.Type} under key {e.Key ?? "none"}, which no client sent"));

        CheckBalances(journal, violations);
        CheckTransfers(log, journal, transferEnd, violations);
        return violations;
    }

    private static void CheckBalances(JournalHistory journal, List<Violation> violations)
    {
        long initial = 0, deposited = 0, withdrawn = 0, final = 0;
        foreach (var account in journal.Accounts.GroupBy(e => e.AccountId))
        {
            long balance = 0;
            foreach (var e in account.OrderBy(e => e.Sequence))
            {
                var change = e.Type switch
                {
                    "AccountCreated" => e.AmountMinorUnits,
                    "MoneyDeposited" or "TransferCredited" or "TransferReturned" => e.AmountMinorUnits,
                    "MoneyWithdrawn" or "TransferSent" or "HoldPosted" => -e.AmountMinorUnits,
                    _ => 0,
                };
                balance += change;
                if (e.Type == "AccountCreated") initial += change;
                if (e.Type == "MoneyDeposited") deposited += change;
                if (e.Type == "MoneyWithdrawn") withdrawn -= change;
                if (e.BalanceAfter is { } recorded && recorded != balance)
                    violations.Add(new(Conserved, $"{e.AccountId}#{e.Sequence} {e.Type} recorded balance {recorded}, the events before it add up to {balance}"));
                if (balance < 0) violations.Add(new(NonNegative, $"{e.AccountId}#{e.Sequence} {e.Type} left the balance at {balance}"));
            }
            final += balance;
        }
        if (final != initial + deposited - withdrawn)
            violations.Add(new(Conserved, $"balances add up to {final}; initial {initial} + deposits {deposited} - withdrawals {withdrawn} = {initial + deposited - withdrawn}"));
    }

    private static void CheckTransfers(IReadOnlyCollection<BankOperation> log, JournalHistory journal, IReadOnlyDictionary<string, string> transferEnd, List<Violation> violations)
    {
        var legs = journal.Accounts.Where(e => e.TransferId is not null).ToLookup(e => e.TransferId!);
        foreach (var transfer in log.Where(o => o.Kind == OperationKind.Transfer))
        {
            var end = transferEnd.GetValueOrDefault(transfer.Key);
            if (!Ended(end))
            {
                // Never started (every try lost before the source recorded it) is a failure nobody saw; started and stuck is not.
                if (end is not null) violations.Add(new(TransfersEnded, $"transfer {transfer.Key} stopped at {end}"));
                continue;
            }
            var mine = legs[transfer.Key].ToList();
            long Sum(string type) => mine.Where(e => e.Type == type).Sum(e => e.AmountMinorUnits);
            var (sent, credited, returned) = (Sum("TransferSent"), Sum("TransferCredited"), Sum("TransferReturned"));
            var balanced = end == Completed ? sent == transfer.AmountMinorUnits && credited == sent && returned == 0
                : credited == 0 && returned == sent;
            if (!balanced)
                violations.Add(new(Conserved, $"transfer {transfer.Key} {end}: sent {sent}, credited {credited}, returned {returned} of {transfer.AmountMinorUnits}"));
        }
    }

    /// <summary>A transfer's source records how it ended: settled (the target credited) or returned (refused).</summary>
    private const string Completed = "TransferSettled";

    /// <summary>Whether a transfer whose source's last event of it is <paramref name="end"/> has ended.</summary>
    public static bool Ended(string? end) => end is Completed or "TransferReturned";

    private static string EventType(OperationKind kind) => kind == OperationKind.Deposit ? "MoneyDeposited" : "MoneyWithdrawn";
}
