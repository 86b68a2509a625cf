using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Admin;
using Chronicle.Contracts.Feed;
using Chronicle.Projector;
using Chronicle.Projector.Partitions;
using Chronicle.Projector.Projection;
using Chronicle.Projector.Verification;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Chronicle.Gateway.Admin;

/// <summary>
/// The gateway's door into the read side, for operators: the projector group (status, rebuild, replay), the
/// read model's checkpoints, the feed stream's size, and <c>verify</c>. Only on a node that runs the projector.
/// </summary>
internal sealed class ProjectorClient(IRequiredActor<ProjectorGroup> group, ProjectorOptions options, NodeSettings node, NatsConnection bus)
    : IAsyncDisposable
{
    /// <summary>Longer than the group's own wait for its partitions (3 s), so a slow partition shows as not running, not as an error.</summary>
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The group stops every partition and empties the read model before it answers.</summary>
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Room for many held entities; each one is quick.</summary>
    private static readonly TimeSpan ReplayTimeout = TimeSpan.FromSeconds(60);

    private readonly NpgsqlDataSource _readModel = NpgsqlDataSource.Create(options.ReadModelConnectionString);

    public Task<ProjectorStatus> StatusAsync(CancellationToken cancellationToken) =>
        group.ActorRef.Ask<ProjectorStatus>(GetProjectorStatus.Instance, StatusTimeout, cancellationToken);

    /// <summary>Asks for a rebuild; the answer comes once the read model is empty and the partitions restart.</summary>
    public Task<RebuildStarted> RebuildAsync(CancellationToken cancellationToken) =>
        group.ActorRef.Ask<RebuildStarted>(RebuildReadModel.Instance, RebuildTimeout, cancellationToken);

    /// <summary>
    /// Replays the held entities (all, or the one named) from the journal. The group answers once each
    /// entity's transaction is done: one journal read and one write per entity.
    /// </summary>
    public Task<DeadLettersReplayed> ReplayDeadLettersAsync(string? entityType, string? entityId, CancellationToken cancellationToken) =>
        group.ActorRef.Ask<DeadLettersReplayed>(new ReplayDeadLetters(entityType, entityId), ReplayTimeout, cancellationToken);

    /// <summary>The checkpoint rows; null when the read model does not answer (status still shows the partitions).</summary>
    public async Task<IReadOnlyList<CheckpointRow>?> CheckpointsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await new ReadModelStore(_readModel).ReadCheckpointsAsync(cancellationToken);
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>
    /// Messages on the feed's stream: every ledger event, once. Null when NATS does not answer. Asked over the
    /// node's one connection (BusServices); while it is down the answer is null at once, not after a timeout.
    /// </summary>
    public async Task<long?> StreamMessagesAsync(CancellationToken cancellationToken)
    {
        if (bus.ConnectionState != NatsConnectionState.Open) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.NatsTimeout);
        try
        {
            var stream = await new NatsJSContext(bus).GetStreamAsync(EventFeed.StreamName, cancellationToken: deadline.Token);
            return stream.Info.State.Messages;
        }
        catch (Exception e) when (e is NatsException or TimeoutException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary><c>verify</c>: every read-model row against the fold of its journal, rows behind given <paramref name="settle"/> to catch up.</summary>
    public async Task<VerifyReport> VerifyAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        await using var journal = JournalTable.Open(node.Ledger.EventStoreConnectionString);
        return await new ReadModelVerifier(journal, _readModel).VerifyAsync(settle, cancellationToken);
    }

    public ValueTask DisposeAsync() => _readModel.DisposeAsync();
}
