using System.Net;
using System.Text.Json;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>An account's transactions and events, and the audit log: paged from the read model.</summary>
[Collection(LedgerCollection.Name)]
public sealed class HistoryQueryTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Transactions_come_newest_first_in_pages_below_a_version_cursor()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_transactions");
        // Versions 2..6 move money (1 created the account); the count says 5 and the balance ends at 85.00.
        await node.Rows.AccountAsync("rm-tx", 8500, 6, transactionCount: 5);
        await node.Rows.TransactionAsync("rm-tx", 2, "deposit", 10000, 10000, description: "salary");
        await node.Rows.TransactionAsync("rm-tx", 3, "withdrawal", 2000, 8000);
        await node.Rows.TransactionAsync("rm-tx", 4, "transfer_out", 1050, 6950, transferId: "tr-1");
        await node.Rows.TransactionAsync("rm-tx", 5, "refund", 1050, 8000, transferId: "tr-1");
        await node.Rows.TransactionAsync("rm-tx", 6, "transfer_in", 500, 8500, transferId: "tr-2");
        await node.Rows.TransactionAsync("rm-other", 2, "deposit", 1, 1);

        var first = await node.Http.GetAsync("/accounts/rm-tx/transactions?limit=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ReadSource.ReadModel, first.Header(ReadSource.Header));
        var page = await first.BodyAsync();
        Assert.Equal(("rm-tx", 5L), (page.Str("account_id"), page.Int("total")));
        var rows = page.Items("transactions");
        Assert.Equal([6L, 5L], rows.Select(r => r.Int("version")));
        Assert.Equal(("transfer_in", "5.00", "85.00", "tr-2"), (rows[0].Str("type"), rows[0].Str("amount"), rows[0].Str("balance_after"), rows[0].Str("transfer_id")));
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("description").ValueKind);
        Assert.Equal(ReadModelRows.Epoch.AddMinutes(6), rows[0].GetProperty("timestamp").GetDateTimeOffset());
        Assert.True(Guid.TryParse(rows[0].Str("transaction_id"), out _));

        var rest = (await (await node.Http.GetAsync($"/accounts/rm-tx/transactions?before={rows[^1].Int("version")}")).BodyAsync()).Items("transactions");
        Assert.Equal([4L, 3L, 2L], rest.Select(r => r.Int("version")));
        Assert.Equal(("deposit", "100.00", "salary"), (rest[2].Str("type"), rest[2].Str("amount"), rest[2].Str("description")));
        Assert.False(rest[2].TryGetProperty("transfer_id", out _));

        Assert.Empty((await (await node.Http.GetAsync("/accounts/rm-tx/transactions?before=2")).BodyAsync()).Items("transactions"));

        var unknown = await node.Http.GetAsync("/accounts/rm-nobody/transactions");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("account_not_found", (await unknown.BodyAsync()).Str("code"));

        // Created a moment ago, not projected yet: no history to show yet, but not a 404.
        await node.Node.CreateAccountAsync("rm-fresh", "3");
        var fresh = await node.Http.GetAsync("/accounts/rm-fresh/transactions");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(ReadSource.Miss, fresh.Header(ReadSource.FallbackHeader));
        Assert.Empty((await fresh.BodyAsync()).Items("transactions"));
    }

    [Fact]
    public async Task An_accounts_events_come_oldest_first_in_pages_after_a_version_cursor()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_account_events");
        await node.Rows.AccountAsync("rm-ev", 300, 3);
        // Interleaved with other entities' events in the journal, as they would be.
        await node.Rows.EventAsync(10, "account", "rm-ev", 1, "AccountCreated.v1", """{"owner_name": "Eve", "initial_balance_minor_units": 100}""");
        await node.Rows.EventAsync(11, "account", "rm-else", 1, "AccountCreated.v1", """{"owner_name": "Else"}""");
        await node.Rows.EventAsync(12, "transfer", "rm-ev", 1, "TransferInitiated.v1", """{"amount": 1}""");
        await node.Rows.EventAsync(13, "account", "rm-ev", 2, "MoneyDeposited.v1", """{"amount_minor_units": 150, "description": "a \"quoted\" ünïcode"}""");
        await node.Rows.EventAsync(14, "account", "rm-ev", 3, "MoneyDeposited.v1", """{"amount_minor_units": 50}""");

        var all = await node.Http.GetAsync("/accounts/rm-ev/events");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var body = await all.BodyAsync();
        Assert.Equal("rm-ev", body.Str("account_id"));
        var events = body.Items("events");
        Assert.Equal([10L, 13L, 14L], events.Select(e => e.Int("sequence")));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Int("version")));
        Assert.All(events, e => Assert.Equal(("account", "rm-ev"), (e.Str("aggregate_type"), e.Str("aggregate_id"))));
        var deposit = events[1].GetProperty("event_data");
        Assert.Equal(JsonValueKind.Object, deposit.ValueKind);
        Assert.Equal((150L, "a \"quoted\" ünïcode"), (deposit.Int("amount_minor_units"), deposit.Str("description")));
        Assert.Equal("MoneyDeposited.v1", events[1].Str("event_type"));

        var paged = (await (await node.Http.GetAsync("/accounts/rm-ev/events?after=1&limit=1")).BodyAsync()).Items("events");
        Assert.Equal([2L], paged.Select(e => e.Int("version")));

        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/accounts/rm-nobody/events")).StatusCode);
    }

    [Fact]
    public async Task The_audit_log_comes_newest_first_between_sequence_cursors_with_the_projectors_count()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_events");
        var empty = await (await node.Auditor.GetAsync("/events")).BodyAsync();
        Assert.Equal(0, empty.Int("total"));
        Assert.Empty(empty.Items("events"));

        for (var sequence = 1; sequence <= 6; sequence++)
            await node.Rows.EventAsync(sequence * 10, "account", $"rm-log-{sequence % 2}", sequence, "MoneyDeposited.v1", $$"""{"n": {{sequence}}}""");
        // The total is the projector's own count (here deliberately not the row count), summed over partitions.
        await node.Rows.CheckpointAsync(0, 40);
        await node.Rows.CheckpointAsync(3, 2);

        var response = await node.Auditor.GetAsync("/events?limit=4");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReadSource.ReadModel, response.Header(ReadSource.Header));
        var page = await response.BodyAsync();
        Assert.Equal(42, page.Int("total"));
        var events = page.Items("events");
        Assert.Equal([60L, 50L, 40L, 30L], events.Select(e => e.Int("sequence")));
        Assert.Equal(6, events[0].GetProperty("event_data").Int("n"));
        foreach (var field in new[] { "event_id", "aggregate_id", "aggregate_type", "event_type", "version", "created_at" })
            Assert.True(events[0].TryGetProperty(field, out _), field);

        var older = (await (await node.Auditor.GetAsync("/events?before=30")).BodyAsync()).Items("events");
        Assert.Equal([20L, 10L], older.Select(e => e.Int("sequence")));
        var between = (await (await node.Auditor.GetAsync("/events?after=20&before=50")).BodyAsync()).Items("events");
        Assert.Equal([40L, 30L], between.Select(e => e.Int("sequence")));
    }

    private static readonly string[] BadQueries =
    [
        "/accounts/rm-q/transactions?limit=0",
        "/accounts/rm-q/transactions?limit=501",
        "/accounts/rm-q/transactions?limit=ten",
        "/accounts/rm-q/transactions?before=-1",
        "/accounts/rm-q/transactions?before=1.5",
        "/accounts/rm-q/transactions?limit=1&limit=2",
        "/accounts/rm-q/transactions?befor=3",
        "/accounts/rm-q/events?after=x",
        "/accounts/rm-q/events?limit=10001",
        "/accounts/bad%20id/transactions",
        "/events?limit=1001",
        "/events?after=99999999999999999999",
        "/events?before=",
        "/transfers?status=lost",
        "/transfers?limit=-5",
        "/transfers/tr-q?consistency=weak",
        "/accounts/rm-q?consistency=STRONG",
        "/accounts/rm-q?page=2",
    ];

    [Fact]
    public async Task Bad_query_parameters_are_a_400_problem_naming_the_parameter()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_bad");
        await node.Rows.AccountAsync("rm-q", 0, 1);
        foreach (var path in BadQueries)
        {
            var response = await node.Auditor.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.BodyAsync();
            Assert.Equal("validation_failed", problem.Str("code"));
            var parameter = path.Contains('?') ? path[(path.IndexOf('?') + 1)..].Split('=')[0] : "account_id";
            Assert.Contains(parameter, problem.Str("detail"));
        }
    }
}
