using Chronicle.Contracts.Feed;

namespace Chronicle.Projector.Partitions;

/// <summary>Asks the projector group how each partition is doing; answered with <see cref="ProjectorStatus"/>.</summary>
public sealed record GetProjectorStatus
{
    public static readonly GetProjectorStatus Instance = new();
}

/// <param name="DeadLetters">Events in quarantine (dead_letters); null when the read model did not answer.</param>
/// <param name="Refusal">Why the projector applies nothing (the read model belongs to another event store); null when it runs.</param>
public sealed record ProjectorStatus(IReadOnlyList<PartitionStatus> Partitions, long? DeadLetters, string? Refusal = null)
{
    /// <summary>Every partition runs and has applied all of its messages on the stream (none while a rebuild is emptying the read model).</summary>
    public bool CaughtUp => Partitions.Count == EventFeed.Partitions && Partitions.All(p => p is { Running: true, Pending: 0 });
}

/// <param name="Running">False while the partition is (re)starting after a failure.</param>
/// <param name="StreamSequence">The last stream sequence applied (the checkpoint).</param>
/// <param name="Pending">Messages of the partition on the stream not yet applied (undelivered, or delivered and not yet acknowledged).</param>
/// <param name="LastWrittenAt">When the last applied event was written to the journal.</param>
/// <param name="AppliedSinceStart">Events applied by this incarnation of the partition.</param>
public sealed record PartitionStatus(
    int Partition,
    bool Running,
    ulong StreamSequence,
    ulong Pending,
    DateTimeOffset? LastWrittenAt,
    DateTimeOffset? LastAppliedAt,
    long AppliedSinceStart,
    long GapsRepairedSinceStart);

/// <summary>Asks one partition for its <see cref="PartitionStatus"/>.</summary>
internal sealed record GetPartitionStatus
{
    public static readonly GetPartitionStatus Instance = new();
}

/// <summary>
/// Empties the read model and fills it again (loaded from the journal, then the stream: docs/READ-MODEL.md, "Rebuild"),
/// while writes go on. Answered with <see cref="RebuildStarted"/> once it is emptied.
/// </summary>
public sealed record RebuildReadModel
{
    public static readonly RebuildReadModel Instance = new();
}

public sealed record RebuildStarted(DateTimeOffset At);

/// <summary>
/// Applies the held entities' events again from the journal (<see cref="Projection.DeadLetterReplay"/>):
/// every held entity, or the one named. Answered with <see cref="DeadLettersReplayed"/>.
/// </summary>
public sealed record ReplayDeadLetters(string? EntityType, string? EntityId);

public sealed record DeadLettersReplayed(IReadOnlyList<Projection.ReplayOutcome> Entities);
