using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// The SQL journal, confirming a batch that holds no event. Akka sends one when an account answers through
/// DeferAsync (a refusal, a replay) while its earlier write is in flight: the answer waits in a batch of its
/// own. SqlWriteJournal reads the batch's first write to learn its persistence id and fails on an empty one,
/// so the account took the failure for its own write and told the client the store had not confirmed it.
/// Nothing to write is written at once.
/// </summary>
internal sealed class LedgerJournal(Config journalConfig) : SqlWriteJournal(journalConfig)
{
    /// <summary>The journal plugin's class setting that puts this journal in SqlWriteJournal's place.</summary>
    public static readonly string ClassSetting = $"akka.persistence.journal.sql.class = \"{typeof(LedgerJournal).AssemblyQualifiedName}\"";

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var batch = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        return batch.Count == 0 ? Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty) : base.WriteMessagesAsync(batch, cancellationToken);
    }
}
