using Chronicle.Client;

namespace Chronicle.Cli.Simulation;

internal enum OperationKind
{
    OpenAccount,
    Deposit,
    Withdraw,
    Transfer,
    Freeze,
    Unfreeze,
}

/// <summary>One request of the simulated traffic: the command, and what it is about.</summary>
/// <param name="Expected">False when the request is meant to be refused (the odd failure: an overdraft, a transfer to a frozen account, ...).</param>
internal sealed record Operation(OperationKind Kind, ChronicleCommand Command, string AccountId, string? Counterparty, long AmountMinorUnits, bool Expected);

/// <summary>
/// Realistic traffic for a ledger: people open accounts (mostly USD, some EUR and JPY), pay in, take out
/// what they have, send each other money; now and then an account is frozen for review and later
/// released; and a small share of requests are the failures real clients cause (overdrafts, transfers
/// to frozen or unknown accounts, or in another currency). It keeps what it learnt of each account's
/// balance from the answers, so most requests are ones the ledger accepts.
/// </summary>
internal sealed class TrafficModel(Random random, string runId)
{
    private static readonly (string Code, int Scale, int Weight)[] Currencies = [("USD", 2, 70), ("EUR", 2, 20), ("JPY", 0, 10)];
    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Linus", "Radia", "Donald", "Frances", "Tim"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Hamilton", "Torvalds", "Perlman", "Knuth", "Allen", "Berners-Lee"];
    private static readonly string[] DepositReasons = ["salary", "refund", "cash deposit", "invoice paid", "gift"];
    private static readonly string[] WithdrawalReasons = ["groceries", "rent", "ATM", "utilities", "restaurant", "train ticket"];

    /// <summary>Below this many accounts the traffic opens accounts first: nobody to pay otherwise.</summary>
    private const int MinAccounts = 10;

    private readonly List<Account> _accounts = [];

    /// <summary>The same accounts by id: every answer recorded looks its account up.</summary>
    private readonly Dictionary<string, Account> _accountsById = new(StringComparer.Ordinal);

    private readonly Dictionary<string, (string Code, int Scale)> _opening = [];
    private readonly object _lock = new();
    private int _opened;
    private int _transfers;

    public Operation Next()
    {
        lock (_lock)
        {
            // Openings under way count: a cold node answers the first ones slowly, and the traffic should not open dozens meanwhile.
            if (_accounts.Count + _opening.Count < MinAccounts || _accounts.Count == 0) return Open();
            var roll = random.Next(100);
            return roll switch
            {
                < 7 => Open(),
                < 40 => Deposit(PickActive()),
                < 62 => Withdraw(PickActive()),
                < 94 => Transfer(),
                < 97 => FreezeOrRelease(),
                _ => Failure(),
            };
        }
    }

    /// <summary>What the ledger answered (its success body; null when it refused or did not answer): the accounts' known balances and statuses follow it.</summary>
    public void Record(Operation operation, CommandResult? answer)
    {
        lock (_lock)
        {
            (string Code, int Scale) currency = ("", 0);
            var opened = operation.Kind == OperationKind.OpenAccount && _opening.Remove(operation.AccountId, out currency);
            if (answer is null) return;
            var account = _accountsById.GetValueOrDefault(operation.AccountId);
            switch (operation.Kind)
            {
                case OperationKind.OpenAccount when opened:
                    var created = new Account(operation.AccountId, currency.Code, currency.Scale) { Balance = operation.AmountMinorUnits };
                    _accounts.Add(created);
                    _accountsById.Add(created.Id, created);
                    break;
                case OperationKind.Deposit or OperationKind.Withdraw when account is not null && answer is MoneyMovedResponse moved:
                    account.Balance = ToMinorUnits(moved.Balance, account.Scale);
                    break;
                case OperationKind.Transfer when account is not null && answer is TransferRecordedResponse { Status: TransferStatuses.Completed }:
                    account.Balance -= operation.AmountMinorUnits;
                    if (operation.Counterparty is { } to && _accountsById.GetValueOrDefault(to) is { } target) target.Balance += operation.AmountMinorUnits;
                    break;
                case OperationKind.Freeze when account is not null:
                    account.Frozen = true;
                    break;
                case OperationKind.Unfreeze when account is not null:
                    account.Frozen = false;
                    break;
            }
        }
    }

    private Operation Open()
    {
        var id = $"sim-{runId}-{++_opened:D4}";
        var (code, scale, _) = WeightedCurrency();
        var initial = random.Next(3) == 0 ? 0 : RandomAmount(scale, 20, 2_000);
        _opening[id] = (code, scale);
        var owner = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
        return new Operation(OperationKind.OpenAccount,
            new CreateAccountRequest(id, owner) { InitialBalance = Amount(initial, scale), Currency = code }, id, null, initial, true);
    }

    private Operation Deposit(Account account)
    {
        var amount = RandomAmount(account.Scale, 5, 800);
        return Money(OperationKind.Deposit, account, amount, DepositReasons, !account.Frozen);
    }

    private Operation Withdraw(Account account)
    {
        if (account.Balance < 2) return Deposit(account);
        var amount = 1 + random.NextInt64(account.Balance / 2);
        return Money(OperationKind.Withdraw, account, amount, WithdrawalReasons, !account.Frozen);
    }

    private Operation Transfer()
    {
        var from = PickActive();
        var candidates = _accounts.Where(a => a != from && a.Currency == from.Currency && !a.Frozen).ToList();
        if (from.Balance < 2 || from.Frozen || candidates.Count == 0) return Deposit(from);
        var to = candidates[random.Next(candidates.Count)];
        return TransferOf(from, to.Id, 1 + random.NextInt64(from.Balance * 3 / 10 + 1), true);
    }

    private Operation FreezeOrRelease()
    {
        var frozen = _accounts.Where(a => a.Frozen).ToList();
        // Few accounts stay under review for long.
        if (frozen.Count > 0 && random.Next(3) > 0)
        {
            var account = frozen[random.Next(frozen.Count)];
            return new Operation(OperationKind.Unfreeze, new UnfreezeAccountRequest(account.Id), account.Id, null, 0, true);
        }
        var target = Pick();
        return new Operation(OperationKind.Freeze, new FreezeAccountRequest(target.Id) { Reason = "fraud review" }, target.Id, null, 0, !target.Frozen);
    }

    /// <summary>The mistakes real clients make, each refused by the ledger with its own reason.</summary>
    private Operation Failure()
    {
        var from = Pick();
        var frozen = _accounts.FirstOrDefault(a => a.Frozen && a.Currency == from.Currency && a != from);
        var otherCurrency = _accounts.FirstOrDefault(a => a.Currency != from.Currency);
        var amount = Math.Max(1, Math.Min(from.Balance, RandomAmount(from.Scale, 1, 50)));
        return random.Next(4) switch
        {
            0 => Money(OperationKind.Withdraw, from, from.Balance + RandomAmount(from.Scale, 1, 500), WithdrawalReasons, false),
            1 when frozen is not null => TransferOf(from, frozen.Id, amount, false),
            2 when otherCurrency is not null => TransferOf(from, otherCurrency.Id, amount, false),
            _ => TransferOf(from, $"sim-{runId}-nobody", amount, false),
        };
    }

    private Operation Money(OperationKind kind, Account account, long amount, string[] reasons, bool expected)
    {
        var description = reasons[random.Next(reasons.Length)];
        MoneyMovementRequest command = kind == OperationKind.Deposit
            ? new DepositRequest(account.Id, Amount(amount, account.Scale)) { Description = description }
            : new WithdrawRequest(account.Id, Amount(amount, account.Scale)) { Description = description };
        return new Operation(kind, command, account.Id, null, amount, expected);
    }

    private Operation TransferOf(Account from, string to, long amount, bool expected)
    {
        var id = $"sim-{runId}-t{++_transfers:D5}";
        return new Operation(OperationKind.Transfer,
            new TransferRequest(from.Id, to, Amount(amount, from.Scale)) { Description = "payment", TransferId = id }, from.Id, to, amount, expected && !from.Frozen);
    }

    private Account Pick() => _accounts[random.Next(_accounts.Count)];

    /// <summary>Any account not under review; the odd frozen one's refusals come from <see cref="Failure"/>.</summary>
    private Account PickActive()
    {
        var account = Pick();
        for (var tries = 0; account.Frozen && tries < 5; tries++) account = Pick();
        return account;
    }

    private (string Code, int Scale, int Weight) WeightedCurrency()
    {
        var roll = random.Next(Currencies.Sum(c => c.Weight));
        foreach (var currency in Currencies)
        {
            if (roll < currency.Weight) return currency;
            roll -= currency.Weight;
        }
        return Currencies[0];
    }

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> whole units, with minor units where the currency has them.</summary>
    private long RandomAmount(int scale, int min, int max) => random.NextInt64(min * Pow10(scale), max * Pow10(scale) + 1);

    private static long Pow10(int scale) => scale switch { 0 => 1, 2 => 100, _ => throw new ArgumentOutOfRangeException(nameof(scale)) };

    /// <summary>Minor units as the amount the API takes: exact, at the currency's scale.</summary>
    private static decimal Amount(long minorUnits, int scale) => minorUnits / (decimal)Pow10(scale);

    private static long ToMinorUnits(decimal amount, int scale) => (long)(amount * Pow10(scale));

    private sealed class Account(string id, string currency, int scale)
    {
        public string Id { get; } = id;
        public string Currency { get; } = currency;
        public int Scale { get; } = scale;
        public long Balance { get; set; }
        public bool Frozen { get; set; }
    }
}
