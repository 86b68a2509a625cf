using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>
/// One account under a seeded random mix of deposits, withdrawals, plain transfers (credited or returned), holds (posted
/// in part or whole, voided, expired) and overdraft limits raised and lowered, decided by the ledger's rules and checked
/// against a model of its own: every write the rules accept is one the model allows and the other way round, the state
/// matches the model, and after every event the balance less what holds keep back is at or above minus the limit in force.
/// </summary>
public sealed class OverdraftPropertyTests
{
    private const int Steps = 3_000;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20261207)]
    public void The_available_balance_never_goes_below_zero_and_a_limit_is_never_lowered_below_what_is_used(int seed)
    {
        var account = new ModelledAccount(seed);
        for (var step = 0; step < Steps; step++) account.Step();

        Assert.True(account.Counts.Values.All(n => n > 0), string.Join(", ", account.Counts.Select(c => $"{c.Key} {c.Value}")));
    }

    private sealed class ModelledAccount
    {
        private readonly Random _random;
        private AccountState _state;
        private DateTimeOffset _now = T0;
        private int _nextId;

        // The model: what the account should hold, worked out here without the ledger's fold.
        private long _balance;
        private long _limit;
        private readonly Dictionary<string, long> _holds = new(StringComparer.Ordinal);

        public ModelledAccount(int seed)
        {
            _random = new Random(seed);
            _limit = _random.Next(0, 300) * 100;
            _state = AccountState.Initial("acc");
            Expect(true, new CreateAccount("acc", "Ada", 0m, "USD", null, _limit / 100m));
        }

        public Dictionary<string, int> Counts { get; } = new()
        {
            ["overdrawn"] = 0, ["insufficient funds"] = 0, ["limit lowered"] = 0, ["lowering refused"] = 0, ["held into overdraft"] = 0,
            ["returned"] = 0, ["posted"] = 0, ["expired"] = 0,
        };

        private long Available => _balance - _holds.Values.Sum() + _limit;

        public void Step()
        {
            _now = _now.AddSeconds(_random.Next(0, 5));
            var amount = _random.Next(1, 150_00);
            switch (_random.Next(9))
            {
                case 0: Deposit(amount); break;
                case 1 or 2: Withdraw(amount); break;
                case 3: Send(amount); break;
                case 4: Hold(amount); break;
                case 5: PostOrVoid(); break;
                case 6: Expire(); break;
                default: SetLimit(); break;
            }
            Assert.Equal((_balance, _holds.Values.Sum(), _limit), (_state.BalanceMinorUnits, _state.HeldMinorUnits, _state.OverdraftLimitMinorUnits));
            Assert.True(_state.BalanceMinorUnits - _state.HeldMinorUnits >= -_state.OverdraftLimitMinorUnits && _state.AvailableMinorUnits >= 0,
                $"balance {_state.BalanceMinorUnits}, held {_state.HeldMinorUnits}, limit {_state.OverdraftLimitMinorUnits}");
            if (_state.BalanceMinorUnits < 0) Counts["overdrawn"]++;
        }

        private void Deposit(long amount)
        {
            Expect(true, new DepositMoney("acc", amount / 100m, null, null, null));
            _balance += amount;
        }

        private void Withdraw(long amount)
        {
            if (!Expect(amount <= Available, new WithdrawMoney("acc", amount / 100m, null, null, null))) return;
            _balance -= amount;
        }

        /// <summary>A plain transfer, answered by its target at once: credited (settled) or refused (the money back).</summary>
        private void Send(long amount)
        {
            var transferId = $"t{_nextId++}";
            if (!Expect(amount <= Available, new SendTransfer("acc", transferId, "other", amount / 100m, null, false, null, null))) return;
            _balance -= amount;
            AnswerCredit(transferId);
        }

        private void Hold(long amount)
        {
            var transferId = $"h{_nextId++}";
            if (!Expect(amount <= Available, new SendTransfer("acc", transferId, "other", amount / 100m, null, true, _random.Next(1, 60), null))) return;
            if (_balance - _holds.Values.Sum() - amount < 0) Counts["held into overdraft"]++;
            _holds[transferId] = amount;
        }

        private void PostOrVoid()
        {
            var open = _holds.Keys.Where(id => _state.Outgoing[id].ExpiresAt > _now).Order(StringComparer.Ordinal).ToList();
            if (open.Count == 0) return;
            var transferId = open[_random.Next(open.Count)];
            var held = _holds[transferId];
            _holds.Remove(transferId);
            if (_random.Next(2) == 0)
            {
                Expect(true, new VoidTransfer("acc", transferId, null));
                ConfirmRelease(transferId);
                return;
            }
            var posted = _random.Next(1, (int)held + 1);
            Expect(true, new PostTransfer("acc", transferId, posted / 100m, null));
            _balance -= posted;
            Counts["posted"]++;
            AnswerCredit(transferId);
        }

        private void Expire()
        {
            foreach (var expired in TransferRules.Expire(_state, _now, Guid.NewGuid))
            {
                var transferId = ((HoldReleased)expired).TransferId;
                _state = _state.Apply(expired);
                _holds.Remove(transferId);
                Counts["expired"]++;
                ConfirmRelease(transferId);
            }
        }

        private void SetLimit()
        {
            var used = _holds.Values.Sum() - _balance;
            // Often just around what is used: the edge where a lower limit is refused.
            var limit = _random.Next(3) == 0 && used > 0 ? used + _random.Next(-3, 3) : _random.Next(0, 400) * 100L;
            if (limit < 0) limit = 0;
            var accepted = Expect(limit >= used, new SetOverdraftLimit("acc", limit / 100m, null, null));
            if (accepted && limit < _limit) Counts["limit lowered"]++;
            if (!accepted) Counts["lowering refused"]++;
            if (accepted) _limit = limit;
        }

        /// <summary>The target answers the credit of a transfer in flight: mostly it takes it; now and then it refuses and the money comes back.</summary>
        private void AnswerCredit(string transferId)
        {
            var step = TargetSteps.Credit(_state, _state.Outgoing[transferId], isResend: false);
            object answer = _random.Next(4) == 0
                ? new CommandRejected(RejectionCode.AccountFrozen, "frozen")
                : new WriteAccepted("other", Guid.NewGuid(), 1, 0, "USD", Replayed: false);
            var outcome = TargetSteps.Answered(_state, step, answer, _now, Guid.NewGuid())!;
            _state = _state.Apply(outcome);
            if (outcome is not TransferReturned returned) return;
            _balance += returned.AmountMinorUnits;
            Counts["returned"]++;
            // A posted hold's target held it pending: the return ends it on the source once the target lets it go.
            if (_state.Outgoing.ContainsKey(transferId)) ConfirmRelease(transferId);
        }

        /// <summary>The target confirms it let the ended hold go: the transfer is over on both sides.</summary>
        private void ConfirmRelease(string transferId)
        {
            var release = new ReleaseIncomingHold("other", transferId, "acc");
            _state = _state.Apply(TargetSteps.Answered(_state, release, new WriteAccepted("other", Guid.NewGuid(), 1, 0, "USD", false), _now, Guid.NewGuid())!);
        }

        /// <summary>Decides <paramref name="command"/>: it must be recorded exactly when the model allows it; a refusal is for want of funds or limit.</summary>
        private bool Expect(bool allowed, IAccountCommand command)
        {
            var decision = AccountDecider.Decide(_state, command, _now, Guid.NewGuid());
            if (decision is Decision.Record(var recorded))
            {
                Assert.True(allowed, $"{command} recorded as {recorded} against the model (balance {_balance}, limit {_limit})");
                _state = _state.Apply(recorded);
                return true;
            }
            var refused = Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(decision).Reply);
            Assert.False(allowed, $"{command} refused: {refused}");
            Assert.Contains(refused.Code, new[] { RejectionCode.InsufficientFunds, RejectionCode.OverdraftLimitExceeded });
            if (refused.Code == RejectionCode.InsufficientFunds) Counts["insufficient funds"]++;
            return false;
        }
    }
}
