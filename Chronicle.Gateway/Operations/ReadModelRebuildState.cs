using Chronicle.Contracts.Feed;
using Chronicle.Projector.Partitions;

namespace Chronicle.Gateway.Operations;

/// <summary>
/// Whether a read-model rebuild this node asked for is still under way: from the moment it is
/// asked for (the read model is about to be emptied) until every partition has caught up again,
/// each at its own moment: while writes go on, some partition nearly always has an event in flight.
/// Meanwhile the read model lacks rows it will have again, so reads should ask the entities.
/// Set by POST /admin/rebuild, cleared by <see cref="Admin.RebuildWatcher"/>. Only the node that
/// asked knows; on a node without a projector it is never set.
/// </summary>
internal sealed class ReadModelRebuildState
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _since;
    private bool _confirmed;
    private readonly HashSet<int> _partitionsCaughtUp = [];

    public bool Rebuilding
    {
        get { lock (_lock) return _since is not null; }
    }

    /// <summary>When the running rebuild was asked for; null when none runs.</summary>
    public DateTimeOffset? Since
    {
        get { lock (_lock) return _since; }
    }

    /// <summary>
    /// True once the projector has answered the request (or failed to in time): from then on its
    /// status describes the rebuild, and "caught up" means done. Before, it still describes the read
    /// model about to be emptied.
    /// </summary>
    public bool AwaitingCatchUp
    {
        get { lock (_lock) return _since is not null && _confirmed; }
    }

    /// <summary>Marks a rebuild as asked for; false when one already runs.</summary>
    public bool TryBegin(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_since is not null) return false;
            _since = now;
            _confirmed = false;
            _partitionsCaughtUp.Clear();
            return true;
        }
    }

    public void Confirm()
    {
        lock (_lock) _confirmed = _since is not null;
    }

    /// <summary>
    /// Counts the partitions that have applied all their messages in <paramref name="status"/> and ends the rebuild
    /// once each has, at this or an earlier observation since the projector answered: from then on the read
    /// model only lags as it always does. Returns whether this observation ended it.
    /// </summary>
    public bool Observe(ProjectorStatus status)
    {
        lock (_lock)
        {
            if (_since is null || !_confirmed) return false;
            foreach (var partition in status.Partitions)
                if (partition is { Running: true, Pending: 0 }) _partitionsCaughtUp.Add(partition.Partition);
            if (_partitionsCaughtUp.Count < EventFeed.Partitions) return false;
            _since = null;
            _confirmed = false;
            return true;
        }
    }
}
