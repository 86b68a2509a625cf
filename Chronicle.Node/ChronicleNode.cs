using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.History;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Transfers;
using Chronicle.Gateway;
using Chronicle.Gateway.Admin;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Dashboard;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Queries;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Roles;
using Chronicle.Gateway.Security;
using Chronicle.Gateway.Telemetry;
using Chronicle.Projector.ReadModel;

namespace Chronicle.Node;

/// <summary>
/// Assembles one node: the Akka ledger (account shards on the event store) and the HTTP gateway
/// in front of it. Program.cs runs it; the tests start real nodes through it.
/// </summary>
internal static class ChronicleNode
{
    public static async Task<WebApplication> CreateAsync(NodeSettings settings, string[]? args = null)
    {
        // Refused before anything touches a database or the network (Program.cs reports it, exit code 78).
        settings.ThrowIfInvalid();
        // The schemas must exist before the first account recovers and the first query or projected
        // batch arrives: idempotent DDL, and the read model's pending migrations.
        await EventStoreSchema.EnsureCreatedAsync(settings.Ledger.EventStoreConnectionString);
        if (settings.ReadModelConnectionString is { } readModel) await ReadModelSchema.MigrateAsync(readModel);

        // Content root = the program's folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(settings.Url);
        builder.Logging.AddChronicleLogging();
        builder.Services.AddChronicleMetrics(builder.Configuration);
        builder.Services.AddChronicleTracing(builder.Configuration);
        builder.AddChronicleSecurity(settings.Security);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Gateway);
        builder.Services.AddSingleton<LedgerClient>();
        builder.Services.AddSingleton(_ => TransferKeys.Open(settings.Ledger.EventStoreConnectionString));
        // Where a transfer's source account is found (the journal row that opened it).
        builder.Services.AddSingleton(_ => JournalTable.Open(settings.Ledger.EventStoreConnectionString));
        builder.Services.AddSingleton<JournalChains>();
        builder.Services.AddSingleton(_ => new AccountHistory(
            settings.Ledger.EventStoreConnectionString, settings.Ledger.Accounts.SnapshotEveryEvents, settings.Gateway.CommandTimeout));
        builder.Services.AddSingleton<EventStoreMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EventStoreMonitor>());
        builder.Services.AddReadModelQueries(settings.ReadModelConnectionString);
        builder.Services.AddAkka(LedgerHosting.ActorSystemName, akka =>
        {
            // Akka's log events only through Microsoft.Extensions.Logging (JSON lines), not also Akka's own console logger.
            akka.ConfigureLoggers(loggers => loggers.ClearLoggers().AddLogger<AkkaLogger>());
            akka.WithChronicleNode(settings);
        });

        builder.Services.AddProjectorAdmin(settings.ConnectedProjector);
        builder.Services.AddBus(settings);
        builder.Services.AddDashboard(settings);
        builder.Services.AddChronicleOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(async http =>
            await Problems.WriteAsync(http.Response, Problems.ForUnhandled(http))));
        // Routing answers unknown routes and methods with an empty body: make every answer problem+json.
        app.UseStatusCodePages(async context =>
        {
            if (context.HttpContext.Response.ContentLength is null or 0 && !context.HttpContext.Response.HasStarted)
                await Problems.WriteAsync(context.HttpContext.Response, Problems.ForStatus(context.HttpContext.Response.StatusCode));
        });
        app.UseChronicleSecurity();

        app.MapHealthEndpoints();
        // Every node's own instruments (commands on ledger nodes, lag on the projector's) are read where they
        // are counted. Operators' business (it shows traffic by route and outcome); Prometheus sends the key
        // as a bearer token.
        app.MapMetrics().RequireAuthorization(ApiPolicies.Admin);
        // Otherwise a ledger or projector node answers its health only; clients and operators talk to gateways.
        if (!settings.Has(NodeRoles.Gateway)) return app;

        app.MapCommandEndpoints();
        app.MapTransferQueries();
        app.MapAccountEndpoints();
        app.MapAccountHistoryEndpoints();
        app.MapEventEndpoints();
        app.MapBalanceAtEndpoint();
        app.MapChainEndpoint();
        app.MapAdminEndpoints();
        app.MapDashboard();
        app.MapChronicleOpenApi();
        return app;
    }
}
