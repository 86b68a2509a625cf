namespace Chronicle.Gateway.Operations;

/// <summary>
/// Whether a read-model rebuild this node asked for is still under way: from the moment it is
/// asked for (the read model is about to be emptied) until every partition has caught up again.
/// Meanwhile the read model lacks rows it will have again, so reads should ask the entities.
/// Set by POST /admin/rebuild, cleared by <see cref="Admin.RebuildWatcher"/>. Only the node that
/// asked knows; on a node without a projector it is never set.
/// </summary>
internal sealed class ReadModelRebuildState
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _since;
    private bool _confirmed;

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
            return true;
        }
    }

    public void Confirm()
    {
        lock (_lock) _confirmed = _since is not null;
    }

    public void Finish()
    {
        lock (_lock)
        {
            _since = null;
            _confirmed = false;
        }
    }
}
