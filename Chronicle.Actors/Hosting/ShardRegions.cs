namespace Chronicle.Actors.Hosting;

/// <summary>
/// The actor registry's keys for the two shard regions (or their proxies on gateway nodes): callers ask
/// <c>IRequiredActor&lt;AccountShards&gt;</c> for the region that routes to accounts, and never name the
/// actor classes behind it.
/// </summary>
public sealed class AccountShards
{
    private AccountShards() { }
}

/// <inheritdoc cref="AccountShards"/>
public sealed class TransferShards
{
    private TransferShards() { }
}
