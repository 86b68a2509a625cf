using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Transfers;
using Chronicle.Client;
using Chronicle.Contracts.Ids;
using Chronicle.Gateway;
using Chronicle.Gateway.Security;
using Chronicle.Node;
using Chronicle.Projector.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A real Chronicle node (ledger + HTTP gateway) in this process, on a free loopback port, with one
/// API key per role in its keys file and an HTTP client per role.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private TestNode(WebApplication app, string eventStore, TestApiKeys keys)
    {
        _app = app;
        EventStore = eventStore;
        Keys = keys;
        Http = HttpWith(keys.Client);
        Auditor = HttpWith(keys.Auditor);
        Operator = HttpWith(keys.Operator);
    }

    /// <summary>With the client role's key: commands, account and transfer reads. What most tests call.</summary>
    public HttpClient Http { get; }

    /// <summary>With the auditor's key: every read, the audit log (/events) and time travel (balance-at).</summary>
    public HttpClient Auditor { get; }

    /// <summary>With the operator's key: /admin/*.</summary>
    public HttpClient Operator { get; }

    /// <summary>The node's keys file: a test may add and revoke keys while the node runs.</summary>
    public TestApiKeys Keys { get; }

    public Uri Url => new(_app.Urls.Single());

    /// <summary>The tests' receivers listen on loopback: their nodes allow private addresses, as the dev stack's do.</summary>
    public static WebhookOptions LoopbackWebhooks { get; } = new() { AllowPrivateAddresses = true };

    public string EventStore { get; }

    public string? ReadModel => _app.Services.GetRequiredService<NodeSettings>().ReadModelConnectionString;

    public ActorSystem ActorSystem => _app.Services.GetRequiredService<ActorSystem>();

    /// <summary>The node's own services, for a test that must set a state no route sets on demand.</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="natsUrl">NATS server of the event feed; null: the node runs no forwarder.</param>
    /// <param name="readModel">The read model's database; with a NATS URL the node runs the projector and reads from it.</param>
    /// <param name="limits">Request and rate limits; the node's defaults when null.</param>
    /// <param name="beforeStart">Runs on the built node before it starts (e.g. to listen to its logs from the first line).</param>
    /// <param name="webhooks">Webhook settings; <see cref="LoopbackWebhooks"/> when null.</param>
    /// <param name="args">The node's command line (configuration beyond its settings, such as OpenTelemetry's variables).</param>
    /// <param name="transfers">The transfers' settings; the node's defaults when null.</param>
    /// <param name="forwarder">The forwarder's settings; the node's defaults when null.</param>
    public static Task<TestNode> StartAsync(string eventStore, AccountSettings? accounts = null, string? natsUrl = null, string? readModel = null,
        RequestLimits? limits = null, Action<IServiceProvider>? beforeStart = null, WebhookOptions? webhooks = null, string[]? args = null,
        TransferSettings? transfers = null, ForwarderOptions? forwarder = null) =>
        StartAsync(new NodeSettings
        {
            Url = "http://127.0.0.1:0",
            ReadModelConnectionString = readModel,
            Webhooks = webhooks ?? LoopbackWebhooks,
            Ledger = new LedgerOptions { EventStoreConnectionString = eventStore, Port = 0, SeedNodes = "", Accounts = accounts ?? new AccountSettings(), NatsUrl = natsUrl,
                Transfers = transfers ?? new TransferSettings(), Forwarder = forwarder ?? new ForwarderOptions() },
        }, limits, beforeStart, args: args);

    /// <summary>
    /// A node as <paramref name="settings"/> say (roles, seed nodes, ...); its URL and Akka port should pick
    /// free ports (port 0). Its API keys are the test's own, one per role (<see cref="Keys"/>): <paramref name="keys"/>
    /// when other nodes of the test share them, otherwise those of its event store (<see cref="TestApiKeys.For"/>:
    /// a node restarted on it knows the same callers); disposed with the node either way.
    /// </summary>
    /// <param name="args">The node's command line (configuration beyond its settings, such as OpenTelemetry's variables).</param>
    public static async Task<TestNode> StartAsync(NodeSettings settings, RequestLimits? limits = null, Action<IServiceProvider>? beforeStart = null,
        TestApiKeys? keys = null, string[]? args = null)
    {
        keys ??= TestApiKeys.For(settings.Ledger.EventStoreConnectionString);
        settings = settings with { Security = new SecuritySettings { ApiKeysFile = keys.File, Limits = limits ?? new RequestLimits() } };
        var app = await ChronicleNode.CreateAsync(settings, args);
        beforeStart?.Invoke(app.Services);
        await app.StartAsync();
        var node = new TestNode(app, settings.Ledger.EventStoreConnectionString, keys);
        // Without a key: the probes count against the address's rate limit, not the client key's.
        var probe = node.HttpWith(null);
        await Eventually.Until(async () => (await probe.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "node ready");
        return node;
    }

    /// <summary>A client of this node sending <paramref name="key"/> as its bearer token (none when null); disposed with the node.</summary>
    public HttpClient HttpWith(string? key)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>
    /// The typed client (Chronicle.Client) of this node sending <paramref name="key"/> (none when null), as <paramref name="options"/>
    /// say otherwise; its HttpClient is disposed with the node.
    /// </summary>
    public ChronicleClient ClientFor(string? key, ChronicleClientOptions? options = null) =>
        new(HttpWith(null), (options ?? new ChronicleClientOptions()) with { ApiKey = key });

    /// <summary>A client of this node with a client-role key of its own, <paramref name="id"/>, once the node accepts it.</summary>
    public async Task<HttpClient> AddClientAsync(string id)
    {
        var client = HttpWith(Keys.Add(id, ApiRoles.Client));
        await Eventually.Until(async () => (await client.GetAsync("/accounts/none")).StatusCode, s => s != HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(30), $"the node accepts the key {id}");
        return client;
    }

    /// <summary>POSTs <paramref name="body"/> as JSON through <paramref name="caller"/> (<see cref="Http"/>, the client role's, when null).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object body, string? idempotencyKey = null, HttpClient? caller = null) =>
        PostRawAsync(path, JsonSerializer.Serialize(body), idempotencyKey, caller);

    /// <summary>POSTs <paramref name="json"/> as it is, well-formed or not, through <paramref name="caller"/> (<see cref="Http"/> when null).</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string json, string? idempotencyKey = null, HttpClient? caller = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return (caller ?? Http).SendAsync(request);
    }

    public async Task<JsonElement> GetAccountAsync(string accountId)
    {
        var response = await Http.GetAsync($"/accounts/{accountId}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Time travel (auditor): the account as of <paramref name="instant"/>, sent to the tick in UTC; it must answer 200.</summary>
    public async Task<JsonElement> BalanceAtAsync(string accountId, DateTimeOffset instant)
    {
        var timestamp = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var response = await Auditor.GetAsync($"/accounts/{accountId}/balance-at?timestamp={Uri.EscapeDataString(timestamp)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Opens the account unless an earlier test on this (shared) node did.</summary>
    public async Task EnsureAccountAsync(string accountId, string initialBalance)
    {
        if ((await Http.GetAsync($"/accounts/{accountId}")).StatusCode == HttpStatusCode.NotFound) await CreateAccountAsync(accountId, initialBalance);
    }

    /// <summary>How long <see cref="CreateAccountAsync"/> asks again while the node answers 503.</summary>
    private static readonly TimeSpan CreateDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The typed client with the client role's key that sends no Idempotency-Key unless told (tests compare the journal's
    /// keys with their own) and so leaves every retry to its caller.
    /// </summary>
    private ChronicleClient Unkeyed => _unkeyed ??= ClientFor(Keys.Client, new ChronicleClientOptions { NewIdempotencyKey = null });

    private ChronicleClient? _unkeyed;

    /// <summary>
    /// Opens an account as a client would: a 503 (a fresh cluster still placing the account's shard, or a node too busy
    /// to answer in time: "may or may not have happened") is asked again until <see cref="CreateDeadline"/>, and a 409
    /// after a 503 is that earlier request having landed. Seen in the suite on a loaded machine: a 503 on the first
    /// create through a fresh three-process cluster. No Idempotency-Key: tests compare the journal's keys with their own.
    /// </summary>
    public async Task CreateAccountAsync(string accountId, string initialBalance = "0", string currency = "USD")
    {
        var request = new CreateAccountRequest(accountId, "Test Owner")
        {
            InitialBalance = decimal.Parse(initialBalance, CultureInfo.InvariantCulture), Currency = currency,
        };
        var until = DateTime.UtcNow + CreateDeadline;
        for (var retried = false; ; retried = true)
        {
            try
            {
                await Unkeyed.CreateAccountAsync(request);
                return;
            }
            catch (ChronicleProblemException refused) when (retried && refused.Code == ProblemCodes.AccountExists)
            {
                return;
            }
            catch (ChronicleProblemException unavailable) when (unavailable.Status == 503 && DateTime.UtcNow < until)
            {
            }
            await Task.Delay(RetryDelay);
        }
    }

    /// <summary>Between two tries of a write the node answered 503: a client's backoff, not a wait for a condition.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Rows in the journal, optionally for one account: what "nothing was written" is checked against.</summary>
    public Task<long> JournalRowsAsync(string? accountId = null) =>
        JournalSql.RowsAsync(EventStore, accountId is null ? null : PersistenceIds.Account(accountId));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Keys.Dispose();
    }
}
