using System.Net;
using System.Text.Json;
using Chronicle.Contracts.Ids;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// Metadata through a real node with its read side: recorded by every write that takes it (single and batch), shown by every
/// read (the account itself, the read model, time travel, the journal's events), part of what an Idempotency-Key binds, covered
/// by the hash chain; bad metadata refused field by field with nothing written.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class MetadataTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_write_records_its_metadata_and_every_read_shows_it()
    {
        await using var stack = await fixture.StartReadSideAsync("metadata_reads");
        var node = stack.Node;
        await Created(node, "/commands/create-account",
            new { account_id = "md-a", owner_name = "Ada", initial_balance = "100.00", metadata = Labels(("customer", "c-1"), ("tier", "gold")) });
        await Created(node, "/commands/create-account", new { account_id = "md-b", owner_name = "Bob", metadata = Labels(("customer", "c-2")) });
        await node.CreateAccountAsync("md-c");
        await Created(node, "/commands/deposit", new { account_id = "md-a", amount = "10.00", metadata = Labels(("order", "o-1")) });
        await Created(node, "/commands/withdraw", new { account_id = "md-a", amount = "5.00", metadata = Labels(("order", "o-2"), ("note", "ünï ✓ \"q\"")) });
        await Created(node, "/commands/transfer",
            new { from_account_id = "md-a", to_account_id = "md-b", amount = "3.00", transfer_id = "md-t1", metadata = Labels(("order", "o-3")) });
        await Created(node, "/commands/transfer", new
        {
            from_account_id = "md-a", to_account_id = "md-b", amount = "4.00", transfer_id = "md-h1", hold = true, timeout_seconds = 3600,
            metadata = Labels(("order", "o-4")),
        });
        var batch = await node.PostAsync("/commands/batch", new
        {
            commands = new object[]
            {
                new { type = "create-account", account_id = "md-d", owner_name = "Dee", metadata = Labels(("customer", "c-4")) },
                new { type = "deposit", account_id = "md-c", amount = "1.00", metadata = Labels(("order", "o-5")) },
            },
        });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.All((await batch.BodyAsync()).Items("results"), r => Assert.Equal(201, r.GetProperty("status").GetInt32()));

        // The account and the open hold, asked of the ledger itself; time travel while the hold is open.
        Assert.Equal("customer=c-1 tier=gold", MetadataOf(await StrongAsync(node, "/accounts/md-a")));
        Assert.Equal("", MetadataOf(await StrongAsync(node, "/accounts/md-c")));
        Assert.Equal("customer=c-4", MetadataOf(await StrongAsync(node, "/accounts/md-d")));
        Assert.Equal("order=o-4", MetadataOf(await StrongAsync(node, "/transfers/md-h1")));
        var whileHeld = await node.BalanceAtAsync("md-a", DateTimeOffset.UtcNow);
        Assert.Equal("customer=c-1 tier=gold", MetadataOf(whileHeld));
        Assert.Equal("order=o-4", MetadataOf(Assert.Single(whileHeld.Items("holds"))));
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/post-transfer", new { transfer_id = "md-h1", amount = "2.00" })).StatusCode);
        await Eventually.Until(() => JournalSql.TransfersInFlightAsync(stack.EventStore), n => n == 0, Patience, "both transfers settled");
        Assert.Equal("order=o-3", MetadataOf(await StrongAsync(node, "/transfers/md-t1")));

        // The read model: accounts, transfers, and each movement on both sides of a transfer, a posted hold's included.
        Assert.Equal("customer=c-1 tier=gold", MetadataOf(await FromReadModelAsync(node, "/accounts/md-a", _ => true)));
        Assert.Equal("order=o-3", MetadataOf(await FromReadModelAsync(node, "/transfers/md-t1", t => t.Str("status") == "completed")));
        Assert.Equal("order=o-4", MetadataOf(await FromReadModelAsync(node, "/transfers/md-h1", t => t.Str("status") == "completed")));
        Assert.Equal(["transfer_out order=o-4", "transfer_out order=o-3", "withdrawal note=ünï ✓ \"q\" order=o-2", "deposit order=o-1", "deposit "],
            await TransactionsAsync(node, "md-a", 5));
        Assert.Equal(["transfer_in order=o-4", "transfer_in order=o-3"], await TransactionsAsync(node, "md-b", 2));
        Assert.Equal(["deposit order=o-5"], await TransactionsAsync(node, "md-c", 1));

        // The journal's events as the account's history shows them: the metadata is part of the event.
        var events = (await (await node.Http.GetAsync("/accounts/md-a/events")).BodyAsync()).Items("events");
        Assert.Equal("order=o-1", MetadataOf(events.Single(e => e.Str("event_type") == "MoneyDeposited.v1").GetProperty("event_data")));

        // Verify compares the metadata of the account and transfer rows with the journal's: equal, then one edited row each.
        await stack.AssertVerifiedAsync(Patience);
        await JournalSql.ExecuteAsync(stack.ReadModel, """UPDATE account_balance SET metadata = '{"customer": "c-1"}' WHERE account_id = 'md-a'""");
        await JournalSql.ExecuteAsync(stack.ReadModel, """UPDATE transfers SET metadata = metadata || '{"order": "o-9"}' WHERE transfer_id = 'md-t1'""");
        var report = await stack.VerifyAsync(TimeSpan.Zero);
        Assert.Equal([("account", "md-a"), ("transfer", "md-t1")],
            report.Differences.Where(d => d.Field.StartsWith("metadata ")).Select(d => (d.EntityType, d.EntityId)).Order());
    }

    [Fact]
    public async Task A_key_sent_again_with_the_same_metadata_replays_and_with_other_metadata_is_refused()
    {
        var node = await fixture.SharedNodeAsync();
        var id = "mdk-" + Guid.NewGuid().ToString("N")[..8];
        await node.CreateAccountAsync(id, "50.00");
        await node.CreateAccountAsync(id + "-to");
        var rows = await node.JournalRowsAsync();

        var deposit = await node.PostAsync("/commands/deposit", new { account_id = id, amount = "1.00", metadata = Labels(("a", "1"), ("b", "2")) }, id + "-d");
        // JSON objects have no order: the same metadata written the other way round is the same request.
        var again = await node.PostRawAsync("/commands/deposit", $$"""{"metadata":{"b":"2","a":"1"},"amount":1,"account_id":"{{id}}"}""", id + "-d");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (deposit.StatusCode, again.StatusCode));
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal(await deposit.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        foreach (var other in new object[] { Labels(("a", "1"), ("b", "3")), Labels(("a", "1")) })
            await ProblemJson.AssertAsync(await node.PostAsync("/commands/deposit", new { account_id = id, amount = "1.00", metadata = other }, id + "-d"),
                422, "idempotency_key_reused");
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/deposit", new { account_id = id, amount = "1.00" }, id + "-d"), 422, "idempotency_key_reused");

        // A transfer id is bound to its request, metadata included.
        var transfer = new { from_account_id = id, to_account_id = id + "-to", amount = "2.00", transfer_id = id + "-t", metadata = Labels(("order", "7")) };
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", transfer, id + "-t")).StatusCode);
        // The same request again: not refused (202 here, a node without a read model to tell how it ended).
        Assert.Contains((await node.PostAsync("/commands/transfer", transfer, id + "-t")).StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted });
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/transfer", transfer with { metadata = Labels(("order", "8")) }, id + "-t"),
            422, "idempotency_key_reused");

        // One deposit, and the transfer's send, settlement and credit.
        await Eventually.Until(() => node.JournalRowsAsync(), n => n >= rows + 4, Patience, "the transfer settled");
        Assert.Equal(rows + 4, await node.JournalRowsAsync());
    }

    public static TheoryData<string, string> BadMetadata => new()
    {
        { """ "a string" """, "must be an object of string keys to string values" },
        { """["a","b"]""", "must be an object of string keys to string values" },
        { "{" + string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"k{i}\":\"v\"")) + "}", "has 21 keys; at most 20 are accepted" },
        { "{\"" + new string('k', 41) + "\":\"v\"}", "must be 1-40 characters, without control characters or square brackets" },
        { """{"":"v"}""", "must be 1-40 characters, without control characters or square brackets" },
        { """{"a[b]":"v"}""", "must be 1-40 characters, without control characters or square brackets" },
        { """{"k":7}""", "the value of 'k' must be a string of at most 500 characters" },
        { """{"k":null}""", "the value of 'k' must be a string of at most 500 characters" },
        { """{"k":{"nested":"v"}}""", "the value of 'k' must be a string of at most 500 characters" },
        { "{\"k\":\"" + new string('v', 501) + "\"}", "the value of 'k' must be a string of at most 500 characters" },
        { """{"k":"bell\u0007"}""", "the value of 'k' must be a string of at most 500 characters, without control characters" },
        { """{"k":"a","k":"b"}""", "key 'k' appears more than once" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task Bad_metadata_is_a_400_naming_the_field_on_every_write_and_changes_nothing(string metadata, string error)
    {
        var node = await fixture.SharedNodeAsync();
        const string account = "md-bad";
        await node.EnsureAccountAsync(account, "50");
        var rows = await node.JournalRowsAsync();

        string[] bodies =
        [
            $$"""{"account_id":"md-bad-new","owner_name":"X","metadata":{{metadata}}}""",
            $$"""{"account_id":"md-bad","amount":"1.00","metadata":{{metadata}}}""",
            $$"""{"account_id":"md-bad","amount":"1.00","metadata":{{metadata}}}""",
            $$"""{"from_account_id":"md-bad","to_account_id":"target","amount":"1.00","metadata":{{metadata}}}""",
        ];
        foreach (var (route, body) in new[] { "create-account", "deposit", "withdraw", "transfer" }.Zip(bodies))
        {
            var problem = await ProblemJson.AssertAsync(await node.PostRawAsync("/commands/" + route, body), 400, "validation_failed");
            Assert.Contains(error, problem.GetProperty("errors").GetProperty("metadata").GetString());
            Assert.Contains("metadata", problem.Str("detail"));
        }
        var batch = await node.PostRawAsync("/commands/batch", $$"""{"commands":[{"type":"deposit","account_id":"md-bad","amount":"1.00","metadata":{{metadata}}}]}""");
        var answer = Assert.Single((await batch.BodyAsync()).Items("results"));
        Assert.Equal(400, answer.GetProperty("status").GetInt32());
        Assert.Contains(error, answer.GetProperty("body").GetProperty("errors").GetProperty("metadata").GetString());

        Assert.Equal(rows, await node.JournalRowsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/accounts/md-bad-new?consistency=strong")).StatusCode);
    }

    [Fact]
    public async Task An_edit_of_the_metadata_in_a_journal_row_breaks_the_hash_chain_at_that_version()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("metadata_chain");
        await using var node = await TestNode.StartAsync(eventStore);
        await Created(node, "/commands/create-account", new { account_id = "mdc", owner_name = "Ada", metadata = Labels(("customer", "c-1")) });
        await Created(node, "/commands/deposit", new { account_id = "mdc", amount = "5.00", metadata = Labels(("order", "o-1")) });
        await Created(node, "/commands/deposit", new { account_id = "mdc", amount = "6.00" });
        Assert.True((await VerifyChainAsync(node)).GetProperty("valid").GetBoolean());

        await JournalSql.EditPayloadAsync(eventStore, PersistenceIds.Account("mdc"), 2, "\"order\":\"o-1\"", "\"order\":\"o-9\"");

        var report = await VerifyChainAsync(node);
        Assert.Equal((false, 2L, "hash_mismatch"),
            (report.GetProperty("valid").GetBoolean(), report.GetProperty("first_bad_version").GetInt64(), report.Str("problem")));
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    /// <summary>An answer's metadata as "key=value ..." in key order, so that assertions compare text.</summary>
    private static string MetadataOf(JsonElement element) =>
        string.Join(" ", element.GetProperty("metadata").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal));

    private static async Task Created(TestNode node, string path, object body)
    {
        var response = await node.PostAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {await response.DescribeAsync()}");
    }

    private static async Task<JsonElement> StrongAsync(TestNode node, string path)
    {
        var response = await node.Http.GetAsync(path + "?consistency=strong");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.BodyAsync();
    }

    private static async Task<JsonElement> FromReadModelAsync(TestNode node, string path, Func<JsonElement, bool> caughtUp)
    {
        var found = await Eventually.Until(async () =>
            {
                var response = await node.Http.GetAsync(path);
                return response.Header(ReadSource.Header) == ReadSource.ReadModel ? await response.BodyAsync() : (JsonElement?)null;
            },
            row => row is { } answer && caughtUp(answer), Patience, $"the read model's {path}");
        return found!.Value;
    }

    /// <summary>The account's <paramref name="count"/> movements, newest first, once the read model has them: "type metadata".</summary>
    private static async Task<List<string>> TransactionsAsync(TestNode node, string accountId, int count)
    {
        var page = await Eventually.Until(async () => await (await node.Http.GetAsync($"/accounts/{accountId}/transactions")).BodyAsync(),
            body => body.Items("transactions").Length == count, Patience, $"{accountId}'s {count} transactions");
        return [.. page.Items("transactions").Select(t => $"{t.Str("type")} {MetadataOf(t)}")];
    }

    private static async Task<JsonElement> VerifyChainAsync(TestNode node)
    {
        var response = await node.Auditor.GetAsync("/accounts/mdc/verify-chain");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.BodyAsync();
    }
}
