using System.Data.Common;
using Npgsql;

namespace Chronicle.Actors.Settings;

/// <summary>
/// Npgsql data sources for code that runs the same few statements over and over (the projector's batch, the forwarder's
/// journal reads, the read model's queries): statements used a few times are prepared on the server automatically,
/// so PostgreSQL stops parsing and planning them for every batch; and a connection taken from the pool is not reset first.
/// What the connection string says itself wins.
/// </summary>
public static class DataSources
{
    /// <summary>Prepared statements kept per connection: more than the distinct statements any of these users runs.</summary>
    public const int MaxAutoPrepare = 32;

    /// <summary>
    /// A data source with <see cref="MaxAutoPrepare"/> and <c>No Reset On Close</c> unless the connection string sets them;
    /// <paramref name="configure"/> adds more defaults.
    /// </summary>
    /// <remarks>
    /// Npgsql resets a pooled connection before its next use (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL;
    /// UNLISTEN *; …</c>), one more statement and round trip each time, and the dearest of a projector batch's: 0.5-0.9 ms
    /// in the read model's statement log on 2026-12-04. None of these users leaves session state behind (no SET, LISTEN,
    /// temporary table or session-scoped lock; their advisory locks are the transaction's), and Npgsql still rolls back a
    /// transaction left open when a connection goes back to the pool.
    /// </remarks>
    public static NpgsqlDataSource Create(string connectionString, Action<NpgsqlConnectionStringBuilder, ISet<string>>? configure = null)
    {
        var given = Keywords(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = MaxAutoPrepare;
        if (!given.Contains("NoResetOnClose")) builder.ConnectionStringBuilder.NoResetOnClose = true;
        configure?.Invoke(builder.ConnectionStringBuilder, given);
        return builder.Build();
    }

    /// <summary>
    /// A <see cref="Create"/> default for users whose statements look rows up by key: generic plans
    /// (<c>plan_cache_mode=force_generic_plan</c>) unless the connection string sets its own options. The one plan fits
    /// every call; a custom plan is planned anew at each bind, and planned against the statistics of the values it is given:
    /// <list type="bullet">
    /// <item>the projector (read model): its lookups were planned anew at every bind, 0.4-0.5 ms each in the read model's
    ///   statement log on 2026-12-04, as custom plans looked no dearer than the generic one;</item>
    /// <item>time travel (<see cref="History.AccountHistory"/>, event store): for an account that is a large share of the
    ///   journal, custom plans took the one-column indexes (snapshot <c>created</c>, journal <c>sequence_number</c>) and
    ///   walked every account's rows with the account as a filter (the journal's page early in an account of 1,000,000 events:
    ///   760 ms, 93,022 buffers); the generic plans take the account's own keys (13 buffers; docs/BENCHMARKS.md, Notes).</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// And no JIT compilation (<c>jit=off</c>): a generic plan is costed for an average key, and on a journal of millions
    /// of rows the estimate for "an account's events after a version" (the account's share of the table) crosses
    /// PostgreSQL's <c>jit_above_cost</c>, so every execution compiled the query first: 14.8 ms of JIT for a page read in
    /// 0.9 ms, which took time travel's p99 from 9.9 to 61.1 ms in the headline of 2026-12-05 12:08 (7.6 M rows).
    /// </remarks>
    public static void GenericPlans(NpgsqlConnectionStringBuilder settings, ISet<string> given)
    {
        if (!given.Contains("Options")) settings.Options = "-c plan_cache_mode=force_generic_plan -c jit=off";
    }

    /// <summary>The keywords the connection string sets, spaces removed: Npgsql takes "Max Auto Prepare" and "MaxAutoPrepare" alike.</summary>
    private static HashSet<string> Keywords(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
