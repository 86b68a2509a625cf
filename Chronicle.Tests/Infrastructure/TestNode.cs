using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Hosting;
using Chronicle.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Infrastructure;

/// <summary>A real Chronicle node (ledger + HTTP gateway) in this process, on a free loopback port.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, string eventStore)
    {
        _app = app;
        EventStore = eventStore;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public string EventStore { get; }

    public string? ReadModel => _app.Services.GetRequiredService<NodeSettings>().ReadModelConnectionString;

    public ActorSystem ActorSystem => _app.Services.GetRequiredService<ActorSystem>();

    /// <summary>The node's own services, for a test that must set a state no route sets on demand.</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="natsUrl">NATS server of the event feed; null: the node runs no forwarder.</param>
    /// <param name="readModel">The read model's database; with a NATS URL the node runs the projector and reads from it.</param>
    public static Task<TestNode> StartAsync(string eventStore, AccountSettings? accounts = null, string? natsUrl = null, string? readModel = null) =>
        StartAsync(new NodeSettings
        {
            Url = "http://127.0.0.1:0",
            ReadModelConnectionString = readModel,
            Ledger = new LedgerOptions { EventStoreConnectionString = eventStore, Accounts = accounts ?? new AccountSettings(), NatsUrl = natsUrl },
        });

    /// <summary>A node as <paramref name="settings"/> say (roles, seed nodes, ...); its URL should pick a free port (port 0).</summary>
    public static async Task<TestNode> StartAsync(NodeSettings settings)
    {
        var app = await ChronicleNode.CreateAsync(settings);
        await app.StartAsync();
        var node = new TestNode(app, settings.Ledger.EventStoreConnectionString);
        await Eventually.Until(async () => (await node.Http.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "node ready");
        return node;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? idempotencyKey = null) =>
        PostRawAsync(path, JsonSerializer.Serialize(body), idempotencyKey);

    public Task<HttpResponseMessage> PostRawAsync(string path, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> GetAccountAsync(string accountId)
    {
        var response = await Http.GetAsync($"/accounts/{accountId}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task CreateAccountAsync(string accountId, string initialBalance = "0", string currency = "USD")
    {
        var response = await PostAsync("/commands/create-account",
            new { account_id = accountId, owner_name = "Test Owner", initial_balance = initialBalance, currency });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Rows in the journal, optionally for one account: what "nothing was written" is checked against.</summary>
    public Task<long> JournalRowsAsync(string? accountId = null) =>
        JournalSql.RowsAsync(EventStore, accountId is null ? null : AccountActor.PersistenceIdFor(accountId));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
