using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A read model belongs to the event store it was projected from (docs/READ-MODEL.md, "Which event store a read model
/// belongs to"): a node pointed at another event store's read model applies nothing to it until a rebuild makes it its own.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReadModelSourceTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_read_model_of_another_event_store_is_refused_until_a_rebuild_makes_it_this_ones()
    {
        string readModel;
        await using (var first = await fixture.StartReadSideAsync("source_first"))
        {
            await first.Node.CreateAccountAsync("src-first", "100");
            await first.AssertVerifiedAsync(Deadline);
            readModel = first.ReadModel;
        }

        // Another event store with its own feed, and the first one's read model: a connection string pointed at the wrong database.
        var otherStore = await fixture.Postgres.CreateDatabaseAsync("source_other");
        var nats = await fixture.StartNatsAsync();
        await using var node = await TestNode.StartAsync(otherStore, natsUrl: nats.Url, readModel: readModel);
        await node.CreateAccountAsync("src-other", "50");

        var refused = await Eventually.Until(() => AdminHttp.ProjectorAsync(node), report => report.TryGetProperty("refusal", out _), Deadline,
            "the projector says it refuses the read model");
        Assert.Contains("projected from event store", refused.GetProperty("refusal").GetString());
        Assert.False(refused.GetProperty("caught_up").GetBoolean());
        // Refusing, it runs no partition: the other store's account never reaches the first one's read model.
        Assert.Empty(refused.GetProperty("partitions").EnumerateArray());
        Assert.Equal(["src-first"], (await ReadModelSql.AccountsAsync(readModel)).Keys);

        Assert.Equal(HttpStatusCode.Accepted, (await node.Operator.PostAsync("/admin/rebuild", null)).StatusCode);
        await Eventually.Until(() => ReadModelSql.AccountsAsync(readModel), rows => rows.Keys.SequenceEqual(["src-other"]), Deadline,
            "the rebuilt read model holds the other store's account alone");
        var running = await Eventually.Until(() => AdminHttp.ProjectorAsync(node), report => report.GetProperty("caught_up").GetBoolean(), Deadline,
            "the projector runs on the rebuilt read model");
        Assert.False(running.TryGetProperty("refusal", out _));
        await new ReadSide(otherStore, readModel).AssertVerifiedAsync(Deadline);
    }
}
