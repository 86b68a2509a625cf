using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql.Journal;
using Npgsql;

using Chronicle.Actors.Pipeline;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// The ledger's journal: Akka.Persistence.Sql's, for recovery and what else it reads, with its own write path
/// (<see cref="JournalWriter"/>): the same rows in the same table (<see cref="EventStoreSchema"/>), one statement per
/// batch instead of the plugin's Akka.Streams queue and linq2db transaction.
/// </summary>
/// <remarks>
/// A write call that holds no event (Akka sends one when an account answers through DeferAsync while its earlier write
/// is in flight) is confirmed at once: the plugin failed on one, so the account took it for its own write's failure.
/// </remarks>
internal sealed class LedgerJournal : SqlWriteJournal
{
    /// <summary>The journal plugin's class setting that puts this journal in SqlWriteJournal's place.</summary>
    public static readonly string ClassSetting = $"akka.persistence.journal.sql.class = \"{typeof(LedgerJournal).AssemblyQualifiedName}\"";

    private readonly Akka.Serialization.Serialization _serialization;
    private readonly NpgsqlDataSource _eventStore;
    private readonly JournalWriter _writer;

    /// <summary>
    /// Each account's latest write still in flight: a recovery of that account (a new incarnation on this node) reads
    /// its highest sequence number only once the write settled, as the plugin did. Touched on the actor's thread only.
    /// </summary>
    private readonly Dictionary<string, Task> _writesInFlight = new(StringComparer.Ordinal);

    public LedgerJournal(Config journalConfig) : base(journalConfig)
    {
        _serialization = Context.System.Serialization;
        var connectionString = journalConfig.GetString("connection-string");
        if (string.IsNullOrWhiteSpace(connectionString)) throw new ConfigurationException("the SQL journal has no connection-string");
        _eventStore = JournalInsert.DataSource(connectionString);
        _writer = new JournalWriter(_eventStore, writerUuid: Guid.NewGuid().ToString("N"),
            maxBatchRows: journalConfig.GetInt("batch-size", 400), maxQueuedWrites: journalConfig.GetInt("buffer-size", 20_000),
            committed: JournalWrites.For(Context.System).Written);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var nowTicks = DateTime.UtcNow.Ticks;
        var rows = new List<NewJournalRow>();
        Exception?[]? rejections = null;
        for (var i = 0; i < writes.Count; i++)
        {
            // An atomic write is written whole or not at all: its rows join the batch only once all serialized.
            try
            {
                rows.AddRange(JournalRows.Of(_serialization, writes[i], nowTicks));
            }
            catch (Exception e)
            {
                (rejections ??= new Exception?[writes.Count])[i] = e;
            }
        }
        if (rows.Count == 0) return Task.FromResult(Rejected(rejections));

        var durable = _writer.WriteAsync(rows);
        var persistenceId = writes[0].PersistenceId;
        _writesInFlight[persistenceId] = durable;
        var self = Self;
        durable.ContinueWith(_ => self.Tell(new WriteSettled(persistenceId, durable), ActorRefs.NoSender), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return AnswerAsync(durable, rejections);
    }

    private static async Task<IImmutableList<Exception>> AnswerAsync(Task durable, Exception?[]? rejections)
    {
        await durable;
        return Rejected(rejections);
    }

    /// <summary>Akka's answer to a write call: null when every atomic write was taken, else one entry each (null where taken).</summary>
    private static IImmutableList<Exception> Rejected(Exception?[]? rejections) => rejections is null ? null! : ImmutableList.CreateRange<Exception>(rejections!);

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writesInFlight.TryGetValue(persistenceId, out var inFlight))
        {
            // Its outcome is the write's caller's to handle; here only that it settled.
            try { await inFlight; } catch (Exception) { }
        }
        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WriteSettled settled) return base.ReceivePluginInternal(message);
        if (_writesInFlight.TryGetValue(settled.PersistenceId, out var latest) && latest == settled.Write) _writesInFlight.Remove(settled.PersistenceId);
        return true;
    }

    protected override void PostStop()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _eventStore.Dispose();
        base.PostStop();
    }

    private sealed record WriteSettled(string PersistenceId, Task Write);
}
