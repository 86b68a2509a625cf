using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// What the accounts do, as metrics: every command's outcome, and how long its event took to become
/// durable. Recorded where the account decides and persists, so every node counts the commands its
/// own shards answered. Exported by the gateway's /metrics (Prometheus: chronicle_commands_total,
/// chronicle_persist_duration_seconds, chronicle_key_record_queries_total).
/// </summary>
public static class AccountMetrics
{
    public const string MeterName = "Chronicle.Accounts";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "chronicle.commands", unit: "{command}",
        description: "Account commands answered, by command (create_account, deposit_money, ...) and outcome (accepted, replayed, rejected; code says why)");

    private static readonly Histogram<double> PersistDuration = Meter.CreateHistogram(
        "chronicle.persist.duration", unit: "s",
        description: "From a decided event's journal write being asked for to its confirmation (batching and queueing included)",
        tags: null,
        // The journal batches writes, so a write waits for the batch in flight: milliseconds normally, seconds when the store struggles.
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> KeyRecordQueries = Meter.CreateCounter<long>(
        "chronicle.key_record.queries", unit: "{query}",
        description: "Queries accounts made of the durable record of idempotency keys (the journal) because memory could not tell; one asks up to 1,000 keys");

    private static readonly ConcurrentDictionary<Type, string> CommandNames = new();

    /// <summary>The command's name as a metric label: its type in snake case (DepositMoney → deposit_money).</summary>
    public static string NameOf(IAccountCommand command) =>
        CommandNames.GetOrAdd(command.GetType(), type => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name));

    /// <summary>Counts the reply a command got: accepted, replayed (an earlier answer under the same key) or rejected with its code.</summary>
    public static void Answered(string command, object reply)
    {
        switch (reply)
        {
            case WriteAccepted { Replayed: true }:
                Commands.Add(1, new("command", command), new("outcome", "replayed"));
                break;
            case WriteAccepted:
                Commands.Add(1, new("command", command), new("outcome", "accepted"));
                break;
            case CommandRejected rejected:
                Commands.Add(1, new("command", command), new("outcome", "rejected"), new("code", RejectionCodes.ToSnakeCase(rejected.Code)));
                break;
            case TransferOutcome outcome:
                Commands.Add(1, new("command", command), new("outcome", outcome.Replayed ? "replayed" : outcome.Status));
                break;
            case TransferNotOpen:
                Commands.Add(1, new("command", command), new("outcome", "replayed"));
                break;
        }
    }

    /// <summary>Counts one query of the durable record of keys (<see cref="KeyRecord"/>).</summary>
    public static void KeyRecordQueried() => KeyRecordQueries.Add(1);

    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the write was asked for.</param>
    public static void Persisted(long startedAt) => PersistDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
}
