namespace Chronicle.Domain.Accounts;

/// <summary>
/// A hold another account placed towards this one, as this (the target) account records it: a pending credit, as
/// TigerBeetle keeps credits_pending beside debits_pending. It moves no money here; it is what keeps this account
/// from closing while money may still arrive (<see cref="AccountDecider"/>, close). Opened by the source's note
/// (<see cref="OpenIncomingHold"/>), ended by the credit of the posted amount (<see cref="TransferCredited"/>) or by the
/// source's release (<see cref="ReleaseIncomingHold"/>). Bounded by <see cref="AccountLimits.MaxIncomingHolds"/>.
/// </summary>
/// <param name="EventId">The <see cref="IncomingHoldOpened"/> that recorded it: what a note sent again is answered with.</param>
public sealed record IncomingHold(string TransferId, Guid EventId, string FromAccountId, long AmountMinorUnits, DateTimeOffset OpenedAt);
