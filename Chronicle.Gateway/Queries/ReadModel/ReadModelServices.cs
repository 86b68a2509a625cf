using Chronicle.Actors.Settings;
using Chronicle.Gateway.Operations;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>
/// Registers the query side's read model: one data source and its monitor, or, without a read model,
/// a gate that says so. The gate also consults the <see cref="ReadModelRebuildState"/> (registered by AddProjectorAdmin).
/// </summary>
internal static class ReadModelServices
{
    /// <summary>The key of the query side's data source in DI (the projector writes through its own).</summary>
    public const string DataSourceKey = "read-model-queries";

    public static IServiceCollection AddReadModelQueries(this IServiceCollection services, string? connectionString)
    {
        if (connectionString is null)
        {
            services.AddSingleton(provider => new ReadModelGate(null, null, provider.GetRequiredService<ReadModelRebuildState>()));
            return services;
        }

        services.AddKeyedSingleton(DataSourceKey, (_, _) => CreateDataSource(connectionString));
        services.AddSingleton(provider => new ReadModelMonitor(connectionString, provider.GetRequiredService<ILogger<ReadModelMonitor>>()));
        services.AddHostedService(provider => provider.GetRequiredService<ReadModelMonitor>());
        services.AddSingleton(provider => new ReadModelGate(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), provider.GetRequiredService<ReadModelMonitor>(),
            provider.GetRequiredService<ReadModelRebuildState>()));
        return services;
    }

    /// <summary>
    /// Tuned for many small reads, unless the connection string says otherwise: multiplexing (concurrent
    /// queries share a few connections, their round trips batched into one write), automatic
    /// preparation of the few fixed statements (<see cref="DataSources"/>), and a short command timeout so a hung
    /// server turns into a fallback rather than a hung request.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString) =>
        DataSources.Create(connectionString, (settings, given) =>
        {
            if (!given.Contains("Multiplexing")) settings.Multiplexing = true;
            if (!given.Contains("CommandTimeout")) settings.CommandTimeout = 5;
            if (!given.Contains("ApplicationName")) settings.ApplicationName = "chronicle-queries";
        });
}
