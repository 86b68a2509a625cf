using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>
/// A node reading from a migrated read model that holds exactly the rows its test writes: no NATS
/// URL, so no projector fills it behind the test's back.
/// </summary>
public sealed record ReadModelNode(TestNode Node, string ReadModel, ReadModelRows Rows) : IAsyncDisposable
{
    public static async Task<ReadModelNode> StartAsync(LedgerFixture fixture, string purpose)
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync(purpose + "_read");
        var node = await TestNode.StartAsync(await fixture.Postgres.CreateDatabaseAsync(purpose), readModel: readModel);
        return new ReadModelNode(node, readModel, new ReadModelRows(readModel));
    }

    public HttpClient Http => Node.Http;

    public HttpClient Auditor => Node.Auditor;

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
