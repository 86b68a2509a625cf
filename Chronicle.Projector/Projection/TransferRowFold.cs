using Chronicle.Contracts.Transfers;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Projector.Projection;

/// <summary>
/// What a source account's event does to its transfer's row, given the account's state after the event (the
/// ledger's fold). While a transfer is open its row is taken from the fold's <see cref="AccountState.Outgoing"/>
/// and must give it back (<see cref="ProjectedTransfer.ToOutgoing"/>): that is what lets the projector rebuild
/// an account's open transfers from its rows. The target's <see cref="TransferCredited"/> writes no transfer
/// row: the source's settlement carries the credit, and each row keeps one writer (the source's partition).
/// </summary>
internal static class TransferRowFold
{
    /// <summary>
    /// The rows <paramref name="e"/> changes: those of the transfers it settles (<see cref="Settlements.Of"/>: a
    /// <see cref="TransferSettled"/>, or a <see cref="TransferSent"/> carrying earlier settlements), then its own transfer's.
    /// </summary>
    /// <param name="rowOf">A transfer's row before the event, by transfer id (null: none yet).</param>
    public static IEnumerable<ProjectedTransfer> Apply(Func<string, ProjectedTransfer?> rowOf, AccountState after, IAccountEvent e)
    {
        foreach (var settled in Settlements.Of(e)) yield return Completed(rowOf(settled.TransferId), after, e, settled);
        if (OwnTransfer(rowOf, after, e) is { } row) yield return row;
    }

    /// <summary>The target's credit is durable: the transfer is complete, and ended the target's pending entry if it held one.</summary>
    private static ProjectedTransfer Completed(ProjectedTransfer? row, AccountState after, IAccountEvent e, SettledTransfer settled) =>
        Changed(row, after, e) with
        {
            Status = TransferStatuses.Completed,
            CreditEventId = settled.CreditEventId,
            PendingAtTarget = false,
        };

    /// <summary>The row of the transfer the event is about; null for an event about none (or a settlement alone).</summary>
    private static ProjectedTransfer? OwnTransfer(Func<string, ProjectedTransfer?> rowOf, AccountState after, IAccountEvent e) => e switch
    {
        TransferSent sent => Opened(rowOf(sent.TransferId), after, sent.TransferId, TransferStatuses.Pending),
        TransferHeld held => Opened(rowOf(held.TransferId), after, held.TransferId, TransferStatuses.Held),
        HoldPosted posted => Mirror(Changed(rowOf(posted.TransferId), after, posted) with
        {
            Status = TransferStatuses.Pending,
            PostedAmountMinorUnits = posted.AmountMinorUnits,
            SourceEventId = posted.EventId,
            ExpiresAt = null,
        }, after),
        // Ended for the client; a hold its target was told of stays open on its source (releasing) until the target confirms.
        HoldReleased released => MirrorIfOpen(Changed(rowOf(released.TransferId), after, released) with { Status = ReleasedStatus(released) }, after),
        TransferReturned returned => MirrorIfOpen(Changed(rowOf(returned.TransferId), after, returned) with
        {
            Status = TransferStatuses.Failed,
            FailureReason = returned.Reason,
            FailureDetail = returned.Detail,
        }, after),
        HoldRefused refused => Changed(rowOf(refused.TransferId), after, refused) with
        {
            Status = TransferStatuses.Failed,
            FailureReason = refused.Reason,
            FailureDetail = refused.Detail,
            PendingAtTarget = false,
        },
        HoldReleaseConfirmed confirmed => Changed(rowOf(confirmed.TransferId), after, confirmed) with { PendingAtTarget = false },
        _ => null,
    };

    private static ProjectedTransfer Opened(ProjectedTransfer? row, AccountState after, string transferId, string status)
    {
        Invariant.Require(row is null, $"transfer {transferId} opened again by {after.AccountId}");
        var open = after.Outgoing[transferId];
        return Mirror(new ProjectedTransfer(transferId, after.AccountId, open.ToAccountId, after.CurrencyCode, open.AmountMinorUnits, null,
            status, open.Description, open.ExpiresAt, open.EventId, null, null, null, after.Version, open.StartedAt, open.StartedAt,
            open.PendingAtTarget, open.Metadata), after);
    }

    /// <summary>The open row of <paramref name="e"/>'s transfer, moved to the source's new version.</summary>
    private static ProjectedTransfer Changed(ProjectedTransfer? row, AccountState after, IAccountEvent e)
    {
        // The fold has already checked the transfer was open on this account; a missing row is a read model out of step with it.
        Invariant.Require(row is { IsOpen: true } && row.FromAccountId == after.AccountId,
            $"{e.GetType().Name} of {after.AccountId} for a transfer with no open row there");
        return row! with { SourceVersion = after.Version, UpdatedAt = e.OccurredAt };
    }

    /// <summary>Pairs the row with the fold: the open transfer rebuilt from the row is the one the fold holds.</summary>
    private static ProjectedTransfer Mirror(ProjectedTransfer row, AccountState after)
    {
        Invariant.Require(row.ToOutgoing() == after.Outgoing[row.TransferId],
            $"transfer {row.TransferId}: its row does not give back the open transfer of {after.AccountId}");
        return row;
    }

    private static ProjectedTransfer MirrorIfOpen(ProjectedTransfer row, AccountState after) =>
        after.Outgoing.ContainsKey(row.TransferId) ? Mirror(row, after) : row;

    private static string ReleasedStatus(HoldReleased released) => released.Reason switch
    {
        HoldReleased.Voided => TransferStatuses.Voided,
        HoldReleased.Expired => TransferStatuses.Expired,
        _ => throw new InvariantViolatedException($"hold {released.TransferId} released as '{released.Reason}'"),
    };
}
