using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>
/// The transfer protocol played out purely over twelve accounts: seeded random deposits, withdrawals, transfers,
/// holds, posts (whole and partial), voids, expiries, freezes, unfreezes and closes, with credits delivered late,
/// out of order, and sent again. After every step: no available balance below zero, and the money on balances
/// plus the money in flight equals what came in minus what went out. At the end, once every credit is answered and
/// every hold's time is up: nothing is open, and the balances alone hold all the money.
/// </summary>
public sealed class TransferProtocolPropertyTests
{
    private const int Accounts = 12;
    private const int Steps = 4_000;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20261203)]
    public void Money_is_conserved_and_every_transfer_and_hold_ends(int seed)
    {
        var ledger = new SimulatedLedger(seed);
        for (var step = 0; step < Steps; step++) ledger.Step();
        ledger.Drain();

        Assert.All(ledger.States, s => Assert.True(s.Outgoing.IsEmpty, string.Join("; ", s.Outgoing.Values)));
        Assert.Equal(ledger.InMinusOutMinorUnits, ledger.States.Sum(s => s.BalanceMinorUnits));
        Assert.True(ledger.Counts["posted"] > 0 && ledger.Counts["expired"] > 0 && ledger.Counts["returned"] > 0 && ledger.Counts["closed"] > 0,
            string.Join(", ", ledger.Counts.Select(c => $"{c.Key} {c.Value}")));
    }

    private sealed class SimulatedLedger
    {
        private readonly Random _random;
        private readonly Dictionary<string, AccountState> _accounts = new();

        /// <summary>Credits sent and not yet answered, in no particular order: the network delivers any of them next.</summary>
        private readonly List<CreditForTransfer> _inFlight = [];

        /// <summary>Each target's applied credits, by transfer: what its durable record answers a resend with.</summary>
        private readonly HashSet<(string Target, string TransferId)> _credited = [];

        private DateTimeOffset _now = T0;
        private int _nextId;

        public SimulatedLedger(int seed)
        {
            _random = new Random(seed);
            for (var i = 0; i < Accounts; i++)
            {
                var id = $"a{i}";
                _accounts[id] = AccountState.Initial(id).Apply(new AccountCreated(id, Guid.NewGuid(), T0, "Owner", "USD", 500_00, null));
                InMinusOutMinorUnits += 500_00;
            }
        }

        public long InMinusOutMinorUnits { get; private set; }

        public Dictionary<string, int> Counts { get; } = new() { ["posted"] = 0, ["expired"] = 0, ["returned"] = 0, ["closed"] = 0 };

        public IEnumerable<AccountState> States => _accounts.Values;

        public void Step()
        {
            _now = _now.AddSeconds(_random.Next(0, 3));
            var account = $"a{_random.Next(Accounts)}";
            var other = $"a{_random.Next(Accounts)}";
            var amount = _random.Next(1, 200_00) / 100m;
            switch (_random.Next(14))
            {
                case 0: Do(new DepositMoney(account, amount, null, null, null)); break;
                case 1: Do(new WithdrawMoney(account, amount, null, null, null)); break;
                case 2 or 3: Do(new SendTransfer(account, Id(), other, amount, null, false, null, null)); break;
                case 4: Do(new SendTransfer(account, Id(), other, amount, null, true, _random.Next(1, 600), null)); break;
                case 5: ForSomeHold(account, h => Do(new PostTransfer(account, h.TransferId, _random.Next(2) == 0 ? null : h.AmountMinorUnits / 200m + 0.01m, null))); break;
                case 6: ForSomeHold(account, h => Do(new VoidTransfer(account, h.TransferId, null))); break;
                case 7: Do(new FreezeAccount(account, null, null, null)); break;
                case 8: Do(new UnfreezeAccount(account, null, null)); break;
                case 9: EmptyAndClose(account); break;
                case 10: Expire(account); break;
                default: DeliverSomeCredit(); break;
            }
            CheckInvariants();
        }

        /// <summary>Every credit answered (sent again until it is), every hold's time up.</summary>
        public void Drain()
        {
            _now = _now.AddDays(1);
            foreach (var id in _accounts.Keys.ToList()) Expire(id);
            while (_inFlight.Count > 0) DeliverSomeCredit();
            CheckInvariants();
        }

        private string Id() => $"t{_nextId++}";

        private void ForSomeHold(string account, Action<OutgoingTransfer> act)
        {
            var holds = _accounts[account].Outgoing.Values.Where(o => o.Kind == OutgoingKind.Held).ToList();
            if (holds.Count > 0) act(holds[_random.Next(holds.Count)]);
        }

        private void Do(IAccountCommand command)
        {
            var state = _accounts[command.AccountId];
            if (command is SendTransfer { ToAccountId: var to } && !_accounts.ContainsKey(to)) return;
            if (AccountDecider.Decide(state, command, _now, Guid.NewGuid()) is not Decision.Record(var recorded)) return;
            Record(recorded);
            if (recorded is MoneyDeposited d) InMinusOutMinorUnits += d.AmountMinorUnits;
            if (recorded is MoneyWithdrawn w) InMinusOutMinorUnits -= w.AmountMinorUnits;
            if (recorded is AccountClosed) Counts["closed"]++;
            if (recorded is HoldPosted) Counts["posted"]++;
            if (recorded is TransferSent or HoldPosted)
            {
                var source = _accounts[command.AccountId];
                var transferId = recorded is TransferSent s ? s.TransferId : ((HoldPosted)recorded).TransferId;
                _inFlight.Add(TransferRules.Credit(source, source.Outgoing[transferId], isResend: false));
            }
        }

        /// <summary>Takes out everything available and asks to close: refused while anything is open.</summary>
        private void EmptyAndClose(string account)
        {
            var available = _accounts[account].AvailableMinorUnits;
            if (available > 0) Do(new WithdrawMoney(account, available / 100m, null, null, null));
            Do(new CloseAccount(account, null, null, null));
        }

        private void Expire(string account)
        {
            foreach (var expired in TransferRules.Expire(_accounts[account], _now, Guid.NewGuid))
            {
                Record(expired);
                Counts["expired"]++;
            }
        }

        /// <summary>One credit reaches its target; the answer is lost now and then, and the credit sent again later.</summary>
        private void DeliverSomeCredit()
        {
            if (_inFlight.Count == 0) return;
            var credit = _inFlight[_random.Next(_inFlight.Count)];
            _inFlight.Remove(credit);
            object answer;
            if (_credited.Contains((credit.AccountId, credit.TransferId)))
                answer = new WriteAccepted(credit.AccountId, Guid.NewGuid(), 0, 0, credit.CurrencyCode, Replayed: true);
            else
            {
                answer = AccountDecider.Decide(_accounts[credit.AccountId], credit, _now, Guid.NewGuid()) switch
                {
                    Decision.Record(var credited) => Credited(credited),
                    Decision.Answer(var refused) => refused,
                    _ => throw new InvalidOperationException(),
                };
            }

            if (_random.Next(5) == 0)
            {
                _inFlight.Add(credit with { IsResend = true });
                return;
            }

            var source = _accounts[credit.FromAccountId];
            if (TransferRules.Answered(source, credit.TransferId, answer, _now, Guid.NewGuid()) is { } outcome)
            {
                Record(outcome);
                if (outcome is TransferReturned) Counts["returned"]++;
            }
        }

        private WriteAccepted Credited(IAccountEvent credited)
        {
            Record(credited);
            _credited.Add((credited.AccountId, ((TransferCredited)credited).TransferId));
            return new WriteAccepted(credited.AccountId, credited.EventId, 0, 0, "USD", Replayed: false);
        }

        private void Record(IAccountEvent recorded) => _accounts[recorded.AccountId] = _accounts[recorded.AccountId].Apply(recorded);

        private void CheckInvariants()
        {
            var inFlightMinorUnits = _accounts.Values.Sum(s => s.Outgoing.Values.Where(o => o.Kind == OutgoingKind.InFlight).Sum(o => o.AmountMinorUnits));
            var credited = _accounts.Values.Sum(s => s.BalanceMinorUnits);
            Assert.All(_accounts.Values, s => Assert.True(s.AvailableMinorUnits >= 0, $"{s.AccountId} available {s.AvailableMinorUnits}"));
            // A credit applied but not yet settled is on the target's balance and still in flight at the source: count it once.
            var appliedNotSettled = _inFlight.Where(c => _credited.Contains((c.AccountId, c.TransferId)))
                .Select(c => (c.FromAccountId, c.TransferId)).Distinct()
                .Sum(k => _accounts[k.FromAccountId].Outgoing.TryGetValue(k.TransferId, out var o) && o.Kind == OutgoingKind.InFlight ? o.AmountMinorUnits : 0);
            Assert.Equal(InMinusOutMinorUnits, credited + inFlightMinorUnits - appliedNotSettled);
        }
    }
}
