using System.Diagnostics.Metrics;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// What transfers do, as metrics: how they end, and how many the recovery scan found open and woke
/// the source of. Exported by the gateway's /metrics (chronicle_transfers_total, chronicle_transfers_resumed_total).
/// </summary>
public static class TransferMetrics
{
    public const string MeterName = "Chronicle.Transfers";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Finished = Meter.CreateCounter<long>(
        "chronicle.transfers", unit: "{transfer}",
        description: "Transfers finished, by outcome (completed, failed; reason says why a transfer failed)");

    private static readonly Counter<long> Resumed = Meter.CreateCounter<long>(
        "chronicle.transfers.resumed", unit: "{transfer}",
        description: "Unfinished transfers the recovery scan found stopped and resumed");

    /// <summary>
    /// Counted when the source account's record of how a transfer ended is durable (a settlement may ride on a later
    /// transfer: <see cref="Settlements"/>), so once per transfer (recovery replays it without counting).
    /// </summary>
    public static void Ended(IAccountEvent outcome)
    {
        if (Settlements.Of(outcome).Count is var settled and > 0) Finished.Add(settled, new KeyValuePair<string, object?>("outcome", "completed"));
        switch (outcome)
        {
            case TransferReturned returned:
                Finished.Add(1, new("outcome", "failed"), new("reason", returned.Reason));
                break;
            case HoldRefused refused:
                Finished.Add(1, new("outcome", "failed"), new("reason", refused.Reason));
                break;
            case HoldReleased released:
                Finished.Add(1, new KeyValuePair<string, object?>("outcome", released.Reason));
                break;
        }
    }

    public static void ResumedByRecovery(int transfers) => Resumed.Add(transfers);
}
