using System.Net;
using Chronicle.Tests.Dashboard;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>/readyz is anonymous and probed often: it must answer from what the node already knows, not open connections per request.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ReadinessTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Many_readiness_probes_open_no_NATS_connection()
    {
        await using var nats = await fixture.StartNatsAsync();
        await using var node = await TestNode.StartAsync(await fixture.Postgres.CreateDatabaseAsync("readyz_bus"), natsUrl: nats.Url);
        var anonymous = node.HttpWith(null);
        // The node's own connections are open once the forwarder has made the feed's stream, the dashboard
        // has read it and readiness reports the bus (a node without a read model has no others).
        await node.CreateAccountAsync("readyz");
        await LiveStream.WaitForFeedAsync(node, 1);
        await Eventually.Until(async () => (await (await anonymous.GetAsync("/readyz")).BodyAsync()).GetProperty("checks").Str("bus"),
            bus => bus == "ok", Patience, "readiness reporting the bus");
        var accepted = await nats.ConnectionsAcceptedAsync();

        for (var i = 0; i < 50; i++)
        {
            var ready = await anonymous.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("ok", (await ready.BodyAsync()).GetProperty("checks").Str("bus"));
        }

        Assert.Equal(accepted, await nats.ConnectionsAcceptedAsync());
    }
}
