namespace Chronicle.Actors.Hosting;

/// <summary>
/// The actor registry's key for the account shard region (or its proxy on gateway nodes): callers ask
/// <c>IRequiredActor&lt;AccountShards&gt;</c> for the region that routes to accounts, and never name the
/// actor classes behind it.
/// </summary>
public sealed class AccountShards
{
    private AccountShards() { }
}

