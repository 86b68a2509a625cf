using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Gateway;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// The event store's PostgreSQL goes down: writes and time travel fail fast with 503 (no hang, nothing half-written),
/// and work again once it is back; a write retried under its Idempotency-Key lands exactly once.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EventStoreOutageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The outage account's latest state, through time travel.</summary>
    private const string BalanceAtFarFuture = "/accounts/outage/balance-at?timestamp=2100-01-01T00:00:00Z";

    [Fact]
    public async Task Writes_fail_fast_while_the_event_store_is_down_and_land_once_after_it_returns()
    {
        // A server of its own: this test stops it.
        await using var postgres = await PostgresServer.StartAsync();
        var eventStore = await postgres.CreateDatabaseAsync("outage");
        await using var node = await TestNode.StartAsync(eventStore);
        await node.CreateAccountAsync("outage", "100");
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/deposit", new { account_id = "outage", amount = 10 }, "before")).StatusCode);

        await postgres.StopAsync();

        // History is read from the event store alone: unavailable at once, noticed by the monitor or not.
        var clock = Stopwatch.StartNew();
        var history = await node.Auditor.GetAsync(BalanceAtFarFuture);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
        Assert.True(clock.Elapsed < new GatewaySettings().CommandTimeout, $"balance-at hung for {clock.Elapsed}");
        Assert.Equal("unavailable", (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.NotNull(history.Headers.RetryAfter);

        // The account is in memory: its journal write fails, and it says so at once.
        clock.Restart();
        var during = await node.PostAsync("/commands/deposit", new { account_id = "outage", amount = 5 }, "during");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.True(clock.Elapsed < new GatewaySettings().CommandTimeout, $"the write hung for {clock.Elapsed}");
        Assert.Equal("unavailable", (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.NotNull(during.Headers.RetryAfter);

        // Once the node has noticed, every write is refused without waiting, also for accounts it must recover.
        await Eventually.Until(async () => (await node.Http.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable,
            Patience, "readyz reports the event store down");
        foreach (var (path, body) in new (string, object)[]
                 {
                     ("/commands/withdraw", new { account_id = "outage", amount = 1 }),
                     ("/commands/create-account", new { account_id = "newcomer", owner_name = "New" }),
                     ("/commands/transfer", new { from_account_id = "outage", to_account_id = "newcomer", amount = 1 }),
                 })
        {
            clock.Restart();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.PostAsync(path, body)).StatusCode);
            Assert.True(clock.Elapsed < new GatewaySettings().CommandTimeout, $"{path} hung for {clock.Elapsed}");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Auditor.GetAsync(BalanceAtFarFuture)).StatusCode);

        await postgres.RestartAsync();
        await Eventually.Until(async () => (await node.Http.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.OK,
            Patience, "readyz reports the event store back");

        // The client retries its refused write under the same key until it lands: once, whatever the attempts.
        await Eventually.Until(
            async () => (await node.PostAsync("/commands/deposit", new { account_id = "outage", amount = 5 }, "during")).StatusCode,
            s => s == HttpStatusCode.Created, Patience, "the retried deposit lands");
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/deposit", new { account_id = "outage", amount = 5 }, "during")).StatusCode);

        Assert.Equal("115.00", (await node.GetAccountAsync("outage")).GetProperty("balance").GetString());
        Assert.Equal("115.00", (await node.Auditor.GetFromJsonAsync<JsonElement>(BalanceAtFarFuture)).GetProperty("balance").GetString());
        Assert.Equal(3, await node.JournalRowsAsync("outage"));
        Assert.Equal(0, await node.JournalRowsAsync("newcomer"));
    }
}
