namespace Chronicle.Projector.Webhooks;

/// <summary>
/// Runs work one account at a time and accounts side by side: each account's work starts only when its
/// previous work has ended, so an endpoint receives every account's events in order while a slow event of
/// one account does not hold up the others (up to the lane's in-flight bound).
/// </summary>
internal sealed class AccountOrder
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/> after the account's earlier work. It must not throw: a fault would not stop the next.</summary>
    public void Enqueue(string accountId, Func<Task> work)
    {
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(accountId) ?? Task.CompletedTask;
            var next = previous.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _tails[accountId] = next;
            // An account with nothing queued leaves no entry behind: a lane sees millions of accounts.
            next.ContinueWith(_ =>
            {
                lock (_tails)
                    if (_tails.TryGetValue(accountId, out var tail) && tail == next) _tails.Remove(accountId);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
