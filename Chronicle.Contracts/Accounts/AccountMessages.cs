using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Accounts;

/// <summary>Asks the account itself for its state: the strongly consistent read.</summary>
public sealed record GetAccountState(string AccountId) : IAccountMessage;

/// <summary>
/// From the shard, never a client: stop, once every write in flight is in the journal and answered.
/// The hand-off stop message (a node leaving, a rebalance) and the passivation message; not
/// PoisonPill, which would stop the account before the writes it has in flight are answered.
/// </summary>
public sealed record StopAccount
{
    public static readonly StopAccount Instance = new();
}

/// <summary>
/// Answer to <see cref="GetAccountState"/>: only what the journal has confirmed. The ledger alone: the
/// account's idempotency keys are not part of its state, so the reply stays small whatever the traffic
/// (a strong read answered across nodes must fit Akka's remoting frame).
/// </summary>
public sealed record AccountStateReply(AccountState State);
