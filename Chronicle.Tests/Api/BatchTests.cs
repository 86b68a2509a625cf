using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Commands.Batch;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Api;

/// <summary>
/// POST /commands/batch: each command answered exactly as its own route answers it, in order; commands to one
/// account in their order, keys shared with the single routes, one bad command refused on its own, and what is
/// wrong with the request as a whole refused whole, with nothing done.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed partial class BatchTests(LedgerFixture fixture)
{
    /// <summary>
    /// Every kind of write, succeeding and failing, in an order where each depends on the ones before it. Sent once
    /// command by command to the single routes, once as one batch, each on accounts and transfers of its own
    /// (<paramref name="p"/>: "qq1" or "qq2"), with keys of its own.
    /// </summary>
    private static TestCommand[] EveryKind(string p) =>
    [
        TestCommand.Of("create-account", new { account_id = $"{p}-a", owner_name = "Ada", initial_balance = "100.00" }, $"{p}-create-a"),
        TestCommand.Of("create-account", new { account_id = $"{p}-b", owner_name = "Bob" }),
        TestCommand.Of("create-account", new { account_id = $"{p}-c", owner_name = "Cy", currency = "JPY" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-a", amount = "10.00", description = "salary" }, $"{p}-dep"),
        TestCommand.Of("withdraw", new { account_id = $"{p}-a", amount = 5, expected_version = 2 }),
        TestCommand.Of("withdraw", new { account_id = $"{p}-b", amount = "1000.00" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-a", amount = "1.00", expected_version = 1 }),
        TestCommand.Of("transfer", new { from_account_id = $"{p}-a", to_account_id = $"{p}-b", amount = "20.00", transfer_id = $"{p}-t1" }),
        TestCommand.Of("transfer", new { from_account_id = $"{p}-a", to_account_id = $"{p}-b", amount = "10.00", transfer_id = $"{p}-h1", hold = true }),
        TestCommand.Of("post-transfer", new { transfer_id = $"{p}-h1", amount = "4.00" }),
        TestCommand.Of("transfer", new { from_account_id = $"{p}-a", to_account_id = $"{p}-b", amount = "5.00", transfer_id = $"{p}-h2", hold = true }),
        TestCommand.Of("void-transfer", new { transfer_id = $"{p}-h2" }),
        TestCommand.Of("transfer", new { from_account_id = $"{p}-a", to_account_id = $"{p}-c", amount = "1.00", transfer_id = $"{p}-t2" }),
        TestCommand.Of("freeze-account", new { account_id = $"{p}-b", reason = "review" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-b", amount = "1.00" }),
        TestCommand.Of("unfreeze-account", new { account_id = $"{p}-b" }),
        TestCommand.Of("close-account", new { account_id = $"{p}-c" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-nobody", amount = "1.00" }),
        TestCommand.Of("create-account", new { account_id = $"{p}-a", owner_name = "Ada again" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-a", amount = "0.001" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-a", amount = "1.00", memo = "x" }),
        TestCommand.Of("post-transfer", new { transfer_id = $"{p}-missing" }),
        TestCommand.Of("transfer", new { from_account_id = $"{p}-a", to_account_id = $"{p}-a", amount = "1.00" }),
        TestCommand.Of("deposit", new { account_id = $"{p}-a", amount = "10.00", description = "salary" }, $"{p}-dep"),
        TestCommand.Of("deposit", new { account_id = $"{p}-a", amount = "11.00" }, $"{p}-dep"),
        TestCommand.Of("set-overdraft-limit", new { account_id = $"{p}-b", overdraft_limit = "50.00" }, $"{p}-limit"),
        TestCommand.Of("withdraw", new { account_id = $"{p}-b", amount = "30.00" }),
        TestCommand.Of("set-overdraft-limit", new { account_id = $"{p}-b", overdraft_limit = "1.00" }),
        TestCommand.Of("set-overdraft-limit", new { account_id = $"{p}-b", overdraft_limit = "0.001" }),
    ];

    [Fact]
    public async Task A_batch_of_every_kind_answers_each_command_exactly_as_its_own_route_does()
    {
        await using var node = await fixture.StartNodeAsync("batch_every_kind");
        var alone = new List<(int, string, string)>();
        foreach (var command in EveryKind("qq1"))
        {
            var response = await command.SendAloneAsync(node);
            alone.Add(((int)response.StatusCode, Headers(response), Normalized(await response.Content.ReadAsStringAsync())));
        }

        // Every outcome is there: created, moved, held, posted, voided, frozen... and each refusal.
        Assert.Equal([201, 201, 201, 201, 201, 422, 409, 201, 201, 200, 201, 200, 422, 200, 422, 200, 200, 404, 409, 400, 400, 404, 422, 201, 422,
                200, 201, 422, 400],
            alone.Select(a => a.Item1));
        var results = await TestCommand.BatchAsync(node, EveryKind("qq2"));

        var batched = results.Select(r => (r.GetProperty("status").GetInt32(), Headers(r), Normalized(r.GetProperty("body").GetRawText()))).ToList();
        for (var i = 0; i < alone.Count; i++) Assert.True(alone[i] == batched[i], $"command {i}: alone {alone[i]}, batched {batched[i]}");
        // Both worlds end alike: the same balances and versions.
        foreach (var account in new[] { "a", "b", "c" })
        {
            var (one, two) = (await node.GetAccountAsync("qq1-" + account), await node.GetAccountAsync("qq2-" + account));
            Assert.Equal((one.Str("balance"), one.Int("version"), one.Str("status")), (two.Str("balance"), two.Int("version"), two.Str("status")));
        }
        Assert.Equal(await node.JournalRowsAsync("qq1-a"), await node.JournalRowsAsync("qq2-a"));
    }

    [Fact]
    public async Task A_malformed_command_is_its_own_400_and_the_commands_around_it_are_done()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("bm-a", "0");
        var body = """
            {"commands": [
              {"type": "deposit", "account_id": "bm-a", "amount": "1.00"},
              42,
              {"type": "refund", "account_id": "bm-a", "amount": "1.00"},
              {"account_id": "bm-a", "amount": "1.00"},
              {"type": "deposit", "account_id": "bm-a", "amount": "1.00", "amount": "2.00"},
              {"type": "deposit", "account_id": "bm-a"},
              {"type": "deposit", "account_id": "bm-a", "amount": "1.00", "idempotency_key": "tab\there"},
              {"type": "deposit", "account_id": "bm-a", "amount": "1.00", "Idempotency-Key": "k"},
              {"type": "deposit", "account_id": "bm-a", "amount": "2.00"}
            ]}
            """;

        var response = await node.PostRawAsync("/commands/batch", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).Items("results");
        Assert.Equal([201, 400, 400, 400, 400, 400, 400, 400, 201], results.Select(r => r.GetProperty("status").GetInt32()));
        foreach (var refused in results.Where(r => r.GetProperty("status").GetInt32() == 400))
        {
            var problem = refused.GetProperty("body");
            Assert.Equal("validation_failed", problem.Str("code"));
            Assert.All(ProblemJson.RequiredFields, field => Assert.False(string.IsNullOrEmpty(problem.Str(field))));
        }
        Assert.Contains("must be one of create-account, deposit", results[2].GetProperty("body").Str("detail"));
        Assert.Equal("3.00", (await node.GetAccountAsync("bm-a")).Str("balance"));
        Assert.Equal(3, await node.JournalRowsAsync("bm-a"));
    }

    [Fact]
    public async Task Commands_to_one_account_are_decided_in_their_order_within_the_batch()
    {
        var node = await fixture.SharedNodeAsync();
        var accounts = Enumerable.Range(0, 4).Select(i => $"bo-{i}").ToArray();
        foreach (var account in accounts) await node.CreateAccountAsync(account, "0");

        // Each withdrawal takes exactly the money the deposit just before it brought: any other order overdraws.
        var commands = Enumerable.Range(0, 30).SelectMany(i => accounts.SelectMany(account => new[]
        {
            TestCommand.Of("deposit", new { account_id = account, amount = $"{i + 1}.00" }),
            TestCommand.Of("withdraw", new { account_id = account, amount = $"{i + 1}.00" }),
        })).ToList();
        var results = await TestCommand.BatchAsync(node, commands);

        Assert.All(results, r => Assert.Equal(201, r.GetProperty("status").GetInt32()));
        foreach (var account in accounts)
        {
            var versions = results.Where((_, i) => commands[i].Fields["account_id"]!.GetValue<string>() == account)
                .Select(r => r.GetProperty("body").Int("version"));
            Assert.Equal(Enumerable.Range(2, 60).Select(v => (long)v), versions);
            Assert.Equal("0.00", (await node.GetAccountAsync(account)).Str("balance"));
        }
    }

    [Fact]
    public async Task A_batch_sent_again_is_replayed_command_by_command_and_its_keys_are_the_single_routes_keys()
    {
        var node = await fixture.SharedNodeAsync();
        var commands = new[]
        {
            TestCommand.Of("create-account", new { account_id = "br-a", owner_name = "Ada", initial_balance = "5.00" }, "br-create"),
            TestCommand.Of("deposit", new { account_id = "br-a", amount = "1.50" }, "br-dep-1"),
            TestCommand.Of("deposit", new { account_id = "br-a", amount = "2.50" }, "br-dep-2"),
            TestCommand.Of("withdraw", new { account_id = "br-a", amount = "1.00" }, "br-wd"),
        };

        var first = await TestCommand.BatchAsync(node, commands);
        var journal = await node.JournalRowsAsync();
        var again = await TestCommand.BatchAsync(node, commands);

        Assert.Equal(first.Select(r => r.GetProperty("body").GetRawText()), again.Select(r => r.GetProperty("body").GetRawText()));
        Assert.Equal(first.Select(r => r.GetProperty("status").GetInt32()), again.Select(r => r.GetProperty("status").GetInt32()));
        Assert.All(first, r => Assert.False(r.TryGetProperty("headers", out _)));
        Assert.All(again, r => Assert.Equal("true", r.GetProperty("headers").Str(CommandAnswer.ReplayedHeader)));
        Assert.Equal(journal, await node.JournalRowsAsync());
        Assert.Equal("8.00", (await node.GetAccountAsync("br-a")).Str("balance"));

        // One key space: the single route replays a batch command's answer, and the batch the single route's.
        var alone = await commands[1].SendAloneAsync(node);
        Assert.Equal(HttpStatusCode.Created, alone.StatusCode);
        Assert.Equal("true", alone.Header(CommandAnswer.ReplayedHeader));
        Assert.Equal(first[1].GetProperty("body").GetRawText(), await alone.Content.ReadAsStringAsync());
        var single = TestCommand.Of("deposit", new { account_id = "br-a", amount = "3.00" }, "br-single");
        var singleBody = await (await single.SendAloneAsync(node)).Content.ReadAsStringAsync();
        var inBatch = await TestCommand.BatchAsync(node, [single]);
        Assert.Equal(singleBody, inBatch[0].GetProperty("body").GetRawText());

        // The same key with another command: that command alone is refused, in a batch as alone.
        var reused = await TestCommand.BatchAsync(node,
        [
            TestCommand.Of("deposit", new { account_id = "br-a", amount = "9.00" }, "br-dep-1"),
            TestCommand.Of("withdraw", new { account_id = "br-a", amount = "1.50" }, "br-dep-1"),
            TestCommand.Of("deposit", new { account_id = "br-a", amount = "0.50" }, "br-fresh"),
        ]);
        Assert.Equal([422, 422, 201], reused.Select(r => r.GetProperty("status").GetInt32()));
        Assert.All(reused[..2], r => Assert.Equal("idempotency_key_reused", r.GetProperty("body").Str("code")));
        await ProblemJson.AssertAsync(await TestCommand.Of("deposit", new { account_id = "br-a", amount = "9.00" }, "br-dep-2").SendAloneAsync(node),
            422, "idempotency_key_reused");
        Assert.Equal("11.50", (await node.GetAccountAsync("br-a")).Str("balance"));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "not JSON", "{\"commands\": [" },
        { "not an object", "[{\"type\": \"deposit\", \"account_id\": \"bb-a\", \"amount\": 1}]" },
        { "no commands", "{}" },
        { "commands not a list", "{\"commands\": {\"type\": \"deposit\", \"account_id\": \"bb-a\", \"amount\": 1}}" },
        { "no command", "{\"commands\": []}" },
        { "an unknown field", "{\"commands\": [{\"type\": \"deposit\", \"account_id\": \"bb-a\", \"amount\": 1}], \"atomic\": true}" },
        { "1,001 commands", "{\"commands\": [" + string.Join(",", Enumerable.Repeat("{\"type\": \"deposit\", \"account_id\": \"bb-a\", \"amount\": 1}", BatchEndpoint.MaxCommands + 1)) + "]}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_request_wrong_as_a_whole_is_one_400_and_nothing_is_done(string why, string body)
    {
        var node = await fixture.SharedNodeAsync();
        var journal = await node.JournalRowsAsync();

        var problem = await ProblemJson.AssertAsync(await node.PostRawAsync("/commands/batch", body), 400, "validation_failed");

        Assert.False(problem.TryGetProperty("results", out _), why);
        Assert.Equal(journal, await node.JournalRowsAsync());
    }

    [Fact]
    public async Task A_batch_with_an_Idempotency_Key_header_or_over_its_byte_limit_is_refused_whole()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("bl-a", "0");
        var journal = await node.JournalRowsAsync();
        var deposit = TestCommand.Of("deposit", new { account_id = "bl-a", amount = "1.00" });

        var keyed = await node.PostRawAsync("/commands/batch", $$"""{"commands": [{{deposit.AsBatchCommand().ToJsonString()}}]}""", "batch-key");
        var huge = await node.PostRawAsync("/commands/batch", new string(' ', new RequestLimits().MaxBatchBodyBytes) + "{}");

        await ProblemJson.AssertAsync(keyed, 400, "validation_failed");
        await ProblemJson.AssertAsync(huge, 413, "request_too_large");
        Assert.Equal(journal, await node.JournalRowsAsync());
    }

    [Fact]
    public async Task A_thousand_commands_beyond_the_single_body_limit_are_taken_and_all_done()
    {
        var node = await fixture.SharedNodeAsync();
        var accounts = Enumerable.Range(0, 100).Select(i => $"bt-{i:D3}").ToArray();
        var creates = accounts.Select(a => TestCommand.Of("create-account", new { account_id = a, owner_name = "Thousand" }, "bt-create-" + a));
        Assert.All(await TestCommand.BatchAsync(node, creates), r => Assert.Equal(201, r.GetProperty("status").GetInt32()));

        var description = new string('d', 100);
        var deposits = Enumerable.Range(0, BatchEndpoint.MaxCommands)
            .Select(i => TestCommand.Of("deposit", new { account_id = accounts[i % accounts.Length], amount = "0.01", description }, $"bt-dep-{i}"))
            .ToList();
        Assert.True(Encoding.UTF8.GetByteCount(string.Join(",", deposits.Select(d => d.AsBatchCommand().ToJsonString()))) > new RequestLimits().MaxBodyBytes);

        var results = await TestCommand.BatchAsync(node, deposits);

        Assert.All(results, r => Assert.Equal(201, r.GetProperty("status").GetInt32()));
        foreach (var account in accounts.Take(3)) Assert.Equal("0.10", (await node.GetAccountAsync(account)).Str("balance"));
    }

    [Fact]
    public async Task A_role_that_may_not_write_is_refused_the_batch_and_each_command_it_may_not_send_gets_its_routes_403()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("bf-a", "0");
        var journal = await node.JournalRowsAsync();
        var deposit = TestCommand.Of("deposit", new { account_id = "bf-a", amount = "1.00" });

        var route = await ProblemJson.AssertAsync(await TestCommand.PostBatchAsync(node, [deposit], node.Auditor), 403, "forbidden");
        Assert.Contains("this key has the auditor role", route.Str("detail"));

        // Each command is checked against its own route's policy: as the auditor, with the node's own authorization,
        // the command gets exactly the 403 its route gives the auditor.
        var single = await ProblemJson.AssertAsync(await deposit.SendAloneAsync(node, node.Auditor), 403, "forbidden");
        var auditor = new ApiKey("bf-auditor", ApiRoles.Auditor, ApiKey.HashOf(TestApiKeys.NewKey())).Principal;
        var authorization = node.Services.GetRequiredService<IAuthorizationService>();
        using var command = JsonDocument.Parse(deposit.AsBatchCommand().ToJsonString());
        var item = BatchItem.Read(command.RootElement, auditor, policy => authorization.AuthorizeAsync(auditor, policy).GetAwaiter().GetResult().Succeeded);
        Assert.Null(item.Command);
        Assert.Equal(403, item.Answer!.Status);
        Assert.Equal(single.GetRawText(), item.Answer.Json);
        Assert.Equal(journal, await node.JournalRowsAsync());
    }

    /// <summary>The headers that carry meaning, as "name=value;" in a fixed order: a response's, or a batch result's.</summary>
    private static string Headers(HttpResponseMessage response) => string.Concat(HeaderNames
        .Select(name => response.Header(name) is { } value ? $"{name}={value};" : ""));

    private static string Headers(JsonElement result) => string.Concat(HeaderNames
        .Select(name => result.TryGetProperty("headers", out var headers) && headers.TryGetProperty(name, out var value) ? $"{name}={value.GetString()};" : ""));

    private static readonly string[] HeaderNames = [CommandAnswer.ReplayedHeader, "Location", "Retry-After"];

    /// <summary>An answer with the world's prefix and the event ids (new in each world) taken out.</summary>
    private static string Normalized(string body) => EventId().Replace(body.Replace("qq1", "qq#").Replace("qq2", "qq#"), "\"event_id\":\"*\"");

    [GeneratedRegex("\"event_id\":\"[0-9a-f-]{36}\"")]
    private static partial Regex EventId();
}
