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

    /// <summary>The keywords the connection string sets, spaces removed: Npgsql takes "Max Auto Prepare" and "MaxAutoPrepare" alike.</summary>
    private static HashSet<string> Keywords(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
