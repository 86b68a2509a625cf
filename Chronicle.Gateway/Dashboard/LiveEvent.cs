namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// One ledger event as the live stream sends it (the <c>data</c> of a server-sent event whose <c>id</c>
/// is <see cref="Sequence"/>). Money at the currency's scale; <see cref="Amount"/> is absent for events
/// that move none, and when the account's currency cannot be learnt right now (event store away).
/// </summary>
/// <param name="Sequence">The event's stream sequence: a reconnecting client asks for what comes after it.</param>
/// <param name="Type">The event's type without its schema version, e.g. <c>MoneyDeposited</c>.</param>
/// <param name="AccountId">The account it belongs to; for a transfer's own events, the source account when known.</param>
/// <param name="Version">The entity's version after the event (its sequence number in its journal stream).</param>
/// <param name="Detail">Description, reason or counterparty, whatever the event says in words.</param>
public sealed record LiveEvent(
    ulong Sequence,
    string EntityType,
    string EntityId,
    string Type,
    string? AccountId,
    string? TransferId,
    string? Amount,
    string? Currency,
    string? Detail,
    long Version,
    DateTimeOffset OccurredAt);

/// <summary>The first event of every live stream: where it starts and where the feed stands.</summary>
public sealed record StreamReady(ulong FromSequence, ulong LastSequence);
