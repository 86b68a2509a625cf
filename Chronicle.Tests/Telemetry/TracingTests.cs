using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Pipeline;
using Chronicle.Bench;
using Chronicle.Client;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Tracing;
using Chronicle.Gateway.Telemetry;
using Chronicle.Projector.Partitions;
using Chronicle.DevStack;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Telemetry;

/// <summary>
/// One deposit through the HTTP API of a real node (real PostgreSQL and nats-server, the forwarder and the projector
/// running) is one connected trace: the request, the account's command, its journal write, the feed's publish and the
/// projector's apply, each the child of the one before, all of one trace id (docs/TRACING.md). A hop that dropped the
/// context would leave its span out of the trace (a root of its own, which the collector never samples).
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TracingTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_deposit_is_one_trace_from_the_request_through_the_journal_and_the_feed_to_the_projector()
    {
        await using var stack = await fixture.StartReadSideAsync("tracing");
        var node = stack.Node;
        await node.CreateAccountAsync("traced", "10.00");

        using var collector = new SpanCollector();
        var root = collector.StartRoot();
        var request = new HttpRequestMessage(HttpMethod.Post, "/commands/deposit")
        {
            Content = new StringContent("""{"account_id":"traced","amount":"2.50"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TraceContext.TraceParent, TraceContext.Of(root));
        Assert.Equal(HttpStatusCode.Created, (await node.Http.SendAsync(request)).StatusCode);
        TraceContext.Stop(root);

        (string Source, string Name)[] hops =
        [
            (SpanCollector.AspNetCoreSource, "Microsoft.AspNetCore.Hosting.HttpRequestIn"),
            (AccountTracing.SourceName, AccountTracing.CommandSpan),
            (AccountTracing.SourceName, AccountTracing.WriteSpan),
            (FeedTracing.SourceName, FeedTracing.PublishSpan),
            (ProjectorTracing.SourceName, ProjectorTracing.ApplySpan),
        ];
        var spans = (await Eventually.Until(() => Task.FromResult(new Seen(collector.Ended)),
            ended => hops.All(hop => ended.Spans.Any(span => (span.Source.Name, span.OperationName) == hop)), Patience,
            "a span of every hop in the deposit's trace")).Spans;

        // One of each, each the child of the hop before it (the request's, of the client's span): one chain, one trace.
        var parent = root;
        foreach (var hop in hops)
        {
            var span = Assert.Single(spans, span => (span.Source.Name, span.OperationName) == hop);
            Assert.Equal(root.TraceId, span.TraceId);
            Assert.True(span.ParentSpanId == parent.SpanId, $"{hop.Name}'s parent is {span.ParentSpanId}, not {parent.OperationName} ({parent.SpanId})");
            parent = span;
        }
        var command = spans.Single(span => span.OperationName == AccountTracing.CommandSpan);
        Assert.Equal(("deposit_money", "accepted"), (command.GetTagItem("chronicle.command"), command.GetTagItem("chronicle.outcome")));
        var write = spans.Single(span => span.OperationName == AccountTracing.WriteSpan);
        Assert.Equal("MoneyDeposited.v1", write.GetTagItem("chronicle.event_type"));

        // The journal keeps the write's context beside the event, outside the hash chain: the chain still verifies.
        Assert.Equal(TraceContext.Of(write), await JournalSql.StoredMemberAsync(stack.EventStore, PersistenceIds.Account("traced"), 2, TraceContext.TraceParent));
        Assert.Null(await JournalSql.StoredMemberAsync(stack.EventStore, PersistenceIds.Account("traced"), 1, TraceContext.TraceParent));
        var chain = await node.Auditor.GetFromJsonAsync<JsonElement>("/accounts/traced/verify-chain");
        Assert.True(chain.GetProperty("valid").GetBoolean(), chain.ToString());
        // The feed carries the stored event with its hash but not the write's context (a header carries the publish's):
        // the read model's audit row of it, written by the projector, has the one and not the other.
        var audited = await SqlColumn.StringsAsync(stack.ReadModel,
            "SELECT (event_data ? 'chain_hash')::text || ' ' || (event_data ? 'traceparent')::text FROM events WHERE aggregate_id = 'traced' AND version = 2");
        Assert.Equal("true false", Assert.Single(audited));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_node_exports_its_spans_there()
    {
        using var receiver = OtlpReceiver.Start();
        await using var node = await TestNode.StartAsync(await fixture.Postgres.CreateDatabaseAsync("otlp"),
            args: [$"--{TracingHosting.EndpointVariable}={receiver.Url}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"]);
        await node.CreateAccountAsync("exported");

        var trace = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, "/commands/deposit")
        {
            Content = new StringContent("""{"account_id":"exported","amount":"1"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TraceContext.TraceParent, $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.Created, (await node.Http.SendAsync(request)).StatusCode);

        // OTLP's protobuf holds a span's trace id as its 16 bytes and its name as UTF-8.
        var traceBytes = Convert.FromHexString(trace.ToHexString());
        await Eventually.Until(() => Task.FromResult(receiver.Traces),
            exported => exported.AsSpan().IndexOf(traceBytes) >= 0 && Contains(exported, AccountTracing.CommandSpan) && Contains(exported, AccountTracing.WriteSpan),
            Patience, "the deposit's spans exported to the OTLP endpoint");

        // The bench says not sampled unless asked to trace (--traced): the node then records nothing, so no context is stored.
        var keys = new StackKeys(node.Keys.Client, node.Keys.Auditor, node.Keys.Operator);
        foreach (var traced in new[] { false, true })
        {
            using var bench = new LoadClient(node.Url, connections: 1, keys, traced);
            Assert.Equal(LoadRun.SuccessStatus, await bench.WriteAsync(new DepositRequest("exported", 1m)));
        }
        var persistenceId = PersistenceIds.Account("exported");
        Assert.Null(await JournalSql.StoredMemberAsync(node.EventStore, persistenceId, 3, TraceContext.TraceParent));
        Assert.NotNull(await JournalSql.StoredMemberAsync(node.EventStore, persistenceId, 4, TraceContext.TraceParent));
    }

    private static bool Contains(byte[] exported, string text) => exported.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>The spans of the trace so far, named in a timeout's message.</summary>
    private sealed record Seen(IReadOnlyList<Activity> Spans)
    {
        public override string ToString() => string.Join(", ", Spans.Select(span => span.OperationName));
    }
}
