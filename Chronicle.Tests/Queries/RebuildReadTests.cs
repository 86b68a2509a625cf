using System.Net;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;
using Chronicle.Tests.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Queries;

/// <summary>While this node rebuilds the read model, it lacks rows it will have again: reads go to the entities or wait.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RebuildReadTests(LedgerFixture fixture)
{
    [Fact]
    public async Task During_a_rebuild_point_reads_ask_the_entities_and_the_lists_answer_503()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_rebuild");
        await node.Node.CreateAccountAsync("rm-rb", "8");
        // A stale row: which source answered shows in the balance as well as in the header.
        await node.Rows.AccountAsync("rm-rb", 100, 1, ownerName: "Test Owner");
        // This node has no projector, so no watcher ends the rebuild behind the test's back.
        var rebuild = node.Node.Services.GetRequiredService<ReadModelRebuildState>();
        Assert.True(rebuild.TryBegin(DateTimeOffset.UtcNow));

        var during = await node.Http.GetAsync("/accounts/rm-rb");
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal("8.00", (await during.BodyAsync()).Str("balance"));
        Assert.Equal((ReadSource.Account, ReadSource.Rebuilding), (during.Header(ReadSource.Header), during.Header(ReadSource.FallbackHeader)));
        Assert.Equal(ReadSource.Transfer, (await node.Http.GetAsync("/transfers/rm-none")).Header(ReadSource.Header));
        foreach (var path in new[] { "/events", "/transfers", "/accounts/rm-rb/transactions", "/accounts/rm-rb/events" })
        {
            var refused = await node.Auditor.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        rebuild.Confirm();
        Assert.True(rebuild.Observe(ReadModelRebuildStateTests.Partitions(pending: 0)));
        var after = await node.Http.GetAsync("/accounts/rm-rb");
        Assert.Equal(("1.00", ReadSource.ReadModel), ((await after.BodyAsync()).Str("balance"), after.Header(ReadSource.Header)));
        Assert.Equal(HttpStatusCode.OK, (await node.Auditor.GetAsync("/events")).StatusCode);
    }
}
