using System.Diagnostics.Metrics;
using Chronicle.Domain.Transfers;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// What the transfer sagas do, as metrics: how transfers end, and how many the recovery scan had to
/// resume. Exported by the gateway's /metrics (chronicle_transfers_total, chronicle_transfers_resumed_total).
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

    /// <summary>Counted when the saga records the outcome, so once per transfer (recovery replays it without counting).</summary>
    public static void Ended(ITransferEvent outcome)
    {
        switch (outcome)
        {
            case TransferCompleted:
                Finished.Add(1, new KeyValuePair<string, object?>("outcome", "completed"));
                break;
            case TransferFailed failed:
                Finished.Add(1, new("outcome", "failed"), new("reason", failed.Reason));
                break;
        }
    }

    public static void ResumedByRecovery(int transfers) => Resumed.Add(transfers);
}
