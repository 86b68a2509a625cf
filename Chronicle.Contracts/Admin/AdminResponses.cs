namespace Chronicle.Contracts.Admin;

// The admin routes' JSON, for the node that writes it and for Chronicle.Client that reads it (the client
// compiles this very file: it references nothing of the node), so both sides keep one definition. BCL types only, for that reason.

/// <summary>GET /admin/projector: how far the read model is, per partition and in total, and any rebuild under way.</summary>
/// <param name="CaughtUp">Whether every partition has applied what the stream holds.</param>
/// <param name="Totals">The partitions summed.</param>
/// <param name="Rebuild">A rebuild under way, if any.</param>
/// <param name="Partitions">Each partition of the event feed, in order.</param>
/// <param name="Refusal">Why the projector applies nothing: the read model belongs to another event store (absent when it runs).</param>
public sealed record ProjectorReportResponse(
    bool CaughtUp,
    ProjectorTotalsResponse Totals,
    RebuildStateResponse Rebuild,
    IReadOnlyList<PartitionReportResponse> Partitions,
    string? Refusal = null);

/// <param name="Partition">The partition's number.</param>
/// <param name="Running">Whether its projector runs.</param>
/// <param name="StreamSequence">The last stream sequence applied (the partition's checkpoint).</param>
/// <param name="Pending">Messages of the partition on the stream not yet applied.</param>
/// <param name="LastWrittenAt">When the last applied event was written; absent before the first.</param>
/// <param name="LagMs">How old the last applied event is while more wait; 0 when none waits; absent when unknown.</param>
/// <param name="AppliedSinceStart">Events applied since the partition started.</param>
/// <param name="GapsRepairedSinceStart">Gaps in the partition's sequence filled from the journal since it started.</param>
/// <param name="EventsApplied">Events applied since the read model was last emptied (absent when the read model does not answer).</param>
public sealed record PartitionReportResponse(
    int Partition,
    bool Running,
    ulong StreamSequence,
    ulong Pending,
    DateTimeOffset? LastWrittenAt,
    long? LagMs,
    long AppliedSinceStart,
    long GapsRepairedSinceStart,
    long? EventsApplied);

/// <param name="Partitions">Partitions in all.</param>
/// <param name="Running">Partitions whose projector runs.</param>
/// <param name="Pending">Messages on the stream not yet applied, all partitions.</param>
/// <param name="MaxLagMs">The largest partition lag; absent when unknown.</param>
/// <param name="AppliedSinceStart">Events applied since the partitions started.</param>
/// <param name="GapsRepairedSinceStart">Gaps filled from the journal since the partitions started.</param>
/// <param name="EventsInReadModel">Events in the read model's audit log (the sum of the partitions' applied counts).</param>
/// <param name="EventsOnStream">Ledger events on the feed's stream (absent when NATS does not answer).</param>
/// <param name="DeadLetters">Events in quarantine, waiting for a replay (absent when the read model does not answer).</param>
public sealed record ProjectorTotalsResponse(
    int Partitions,
    int Running,
    ulong Pending,
    long? MaxLagMs,
    long AppliedSinceStart,
    long GapsRepairedSinceStart,
    long? EventsInReadModel,
    long? EventsOnStream,
    long? DeadLetters);

/// <param name="InProgress">Whether a rebuild runs.</param>
/// <param name="Since">When it started.</param>
/// <param name="Progress">While a rebuild runs: events in the read model over events on the stream, 0 to 1.</param>
public sealed record RebuildStateResponse(bool InProgress, DateTimeOffset? Since = null, decimal? Progress = null);

/// <summary>202 to POST /admin/rebuild.</summary>
public sealed record RebuildAcceptedResponse(string Status, DateTimeOffset StartedAt);

/// <summary>
/// POST /admin/verify. <c>differences</c> lists the first of <c>differences_total</c> (at most 1,000);
/// <c>held_entities</c> those with events in the dead letters (not clean while there are any).
/// </summary>
public sealed record VerifyResponse(
    bool Clean,
    long EntitiesChecked,
    long EventsFolded,
    int DifferencesTotal,
    IReadOnlyList<DifferenceResponse> Differences,
    IReadOnlyList<HeldEntityResponse> HeldEntities,
    int SkippedTotal = 0,
    IReadOnlyList<SkippedEntityResponse>? Skipped = null);

/// <summary>An account verify passed over: its journal holds, from <see cref="Version"/> on, an event (<see cref="EventType"/>) an older version wrote and this one cannot read.</summary>
public sealed record SkippedEntityResponse(string EntityType, string EntityId, long Version, string EventType);

/// <summary>One way the read model disagrees with the journal: the field, the read model's value and the journal fold's.</summary>
public sealed record DifferenceResponse(string EntityType, string EntityId, string Field, string ReadModel, string Journal);

/// <summary>An entity with events in the dead letters: how many, and why the first could not be applied.</summary>
public sealed record HeldEntityResponse(string EntityType, string EntityId, int Partition, long Events, string Error);

/// <summary>POST /admin/dead-letters/replay: each held entity replayed, released or still held.</summary>
public sealed record DeadLetterReplayResponse(int Released, int StillHeld, IReadOnlyList<ReplayedEntityResponse> Entities);

/// <param name="EntityType">account or transfer.</param>
/// <param name="EntityId">The entity.</param>
/// <param name="Released">Whether its events all applied.</param>
/// <param name="EventsApplied">Its events applied in this replay.</param>
/// <param name="Error">Why it is still held; absent when released.</param>
public sealed record ReplayedEntityResponse(string EntityType, string EntityId, bool Released, int EventsApplied, string? Error);
