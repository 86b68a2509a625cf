using System.Diagnostics;
using System.Net;
using Chronicle.Gateway;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>
/// The read model's PostgreSQL goes down: account and transfer reads fall back to the entities,
/// the routes only it can answer say 503 with Retry-After at once, and the node stays ready.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReadModelOutageTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reads_fall_back_to_the_accounts_while_the_read_model_is_down_and_return_to_it_after()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_outage");
        await node.Node.CreateAccountAsync("rm-out", "12.34");
        await node.Rows.AccountAsync("rm-out", 1234, 1, ownerName: "Test Owner");
        Assert.Equal(ReadSource.ReadModel, (await node.Http.GetAsync("/accounts/rm-out")).Header(ReadSource.Header));

        // The read model's server is shared by the whole collection: it is started again whatever happens here.
        var server = await fixture.ReadModelPostgresAsync();
        await server.StopAsync();
        try
        {
            // At once, whether the monitor has noticed yet or the failing query tells it.
            var account = await node.Http.GetAsync("/accounts/rm-out");
            Assert.Equal(HttpStatusCode.OK, account.StatusCode);
            Assert.Equal("12.34", (await account.BodyAsync()).Str("balance"));
            Assert.Equal((ReadSource.Account, ReadSource.Unavailable), (account.Header(ReadSource.Header), account.Header(ReadSource.FallbackHeader)));

            var ready = await Eventually.Until(async () => await (await node.Http.GetAsync("/readyz")).BodyAsync(),
                body => body.GetProperty("checks").Str("read_model") == "unreachable", Patience, "readyz reports the read model unreachable");
            Assert.Equal("ready", ready.Str("status"));
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/readyz")).StatusCode);

            foreach (var path in new[] { "/events", "/transfers?limit=5", "/accounts/rm-out/transactions", "/accounts/rm-out/events" })
            {
                var clock = Stopwatch.StartNew();
                var refused = await node.Auditor.GetAsync(path);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.True(clock.Elapsed < new GatewaySettings().CommandTimeout, $"{path} hung for {clock.Elapsed}");
                Assert.Equal("unavailable", (await refused.BodyAsync()).Str("code"));
                Assert.NotNull(refused.Headers.RetryAfter);
            }

            var transfer = await node.Http.GetAsync("/transfers/rm-never");
            Assert.Equal(HttpStatusCode.NotFound, transfer.StatusCode);
            Assert.Equal((ReadSource.Transfer, ReadSource.Unavailable), (transfer.Header(ReadSource.Header), transfer.Header(ReadSource.FallbackHeader)));

            // Writes never needed it.
            Assert.Equal(HttpStatusCode.Created, (await node.Node.PostAsync("/commands/deposit", new { account_id = "rm-out", amount = 1 })).StatusCode);
        }
        finally
        {
            await server.RestartAsync();
        }

        await Eventually.Until(async () => (await node.Http.GetAsync("/accounts/rm-out")).Header(ReadSource.Header),
            source => source == ReadSource.ReadModel, Patience, "reads come from the read model again");
        Assert.Equal(HttpStatusCode.OK, (await node.Auditor.GetAsync("/events")).StatusCode);
        Assert.Equal("ok", (await (await node.Http.GetAsync("/readyz")).BodyAsync()).GetProperty("checks").Str("read_model"));
    }

    [Fact]
    public async Task With_the_event_store_down_too_an_account_read_is_a_503_with_Retry_After()
    {
        // Servers of its own: this test stops both.
        await using var eventStoreServer = await PostgresServer.StartAsync();
        await using var readModelServer = await PostgresServer.StartAsync();
        var readModel = await readModelServer.CreateDatabaseAsync("both_read");
        await using var node = await TestNode.StartAsync(await eventStoreServer.CreateDatabaseAsync("both"), readModel: readModel);

        await readModelServer.StopAsync();
        await eventStoreServer.StopAsync();
        try
        {
            await Eventually.Until(async () => (await node.Http.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable,
                Patience, "readyz reports the event store down");

            var response = await node.Http.GetAsync("/accounts/anyone");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("unavailable", (await response.BodyAsync()).Str("code"));
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(ReadSource.Unavailable, response.Header(ReadSource.FallbackHeader));
        }
        finally
        {
            // Disposing a server expects it running.
            await readModelServer.RestartAsync();
            await eventStoreServer.RestartAsync();
        }
    }
}
