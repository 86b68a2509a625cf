using System.Data.Common;
using Npgsql;

namespace Chronicle.Actors.Settings;

/// <summary>
/// Npgsql data sources for code that runs the same few statements over and over (the projector's batch, the forwarder's
/// journal reads, the read model's queries): statements used a few times are prepared on the server automatically,
/// so PostgreSQL stops parsing and planning them for every batch. What the connection string says itself wins.
/// </summary>
public static class DataSources
{
    /// <summary>Prepared statements kept per connection: more than the distinct statements any of these users runs.</summary>
    public const int MaxAutoPrepare = 32;

    /// <summary>A data source with <see cref="MaxAutoPrepare"/> unless the connection string sets it; <paramref name="configure"/> adds more defaults.</summary>
    public static NpgsqlDataSource Create(string connectionString, Action<NpgsqlConnectionStringBuilder, ISet<string>>? configure = null)
    {
        var given = Keywords(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = MaxAutoPrepare;
        configure?.Invoke(builder.ConnectionStringBuilder, given);
        return builder.Build();
    }

    /// <summary>The keywords the connection string sets, spaces removed: Npgsql takes "Max Auto Prepare" and "MaxAutoPrepare" alike.</summary>
    private static HashSet<string> Keywords(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
