using System.Net;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Security;

/// <summary>One key bursting past its limit gets 429s that change nothing; other keys are not held back.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RateLimitTests(LedgerFixture fixture)
{
    private const int Burst = 5;
    private const int Sent = 40;

    [Fact]
    public async Task A_burst_past_the_limit_is_429_with_retry_after_and_only_the_admitted_deposits_happen()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("rate_limit");
        await using var node = await TestNode.StartAsync(eventStore, limits: new RequestLimits { RequestsPerSecond = 1, Burst = Burst });
        await node.CreateAccountAsync("bursty", "10");
        var journal = await node.JournalRowsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, Sent).Select(_ =>
            node.PostAsync("/commands/deposit", new { account_id = "bursty", amount = "1.00" })));

        var admitted = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(Sent, admitted + limited.Count);
        Assert.NotEmpty(limited);
        foreach (var answer in limited)
        {
            await ProblemJson.AssertAsync(answer, 429, "rate_limited");
            Assert.True(answer.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {answer.Headers.RetryAfter}");
        }

        // Only what was admitted was written; the auditor's key has a bucket of its own.
        Assert.Equal(journal + admitted, await node.JournalRowsAsync());
        var account = await node.Auditor.GetAsync("/accounts/bursty?consistency=strong");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var body = await account.BodyAsync();
        Assert.Equal((10 + admitted).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), body.Str("balance"));
        Assert.Equal(1 + admitted, body.Int("version"));
    }

    [Fact]
    public async Task A_batch_counts_as_its_commands_against_the_rate()
    {
        const int burst = 10;
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("rate_limit_batch");
        await using var node = await TestNode.StartAsync(eventStore, limits: new RequestLimits { RequestsPerSecond = 1, Burst = burst });
        var deposits = (int count) => Enumerable.Range(0, count).Select(_ => TestCommand.Of("deposit", new { account_id = "batchy", amount = "1.00" }));
        await node.CreateAccountAsync("batchy", "0");
        var journal = await node.JournalRowsAsync();

        // More commands than the bucket ever holds: refused as such (400), not told to wait; it took one request.
        await ProblemJson.AssertAsync(await TestCommand.PostBatchAsync(node, deposits(burst + 1)), 400, "validation_failed");
        // 8 of the 10 are left: a batch of 6 takes 6...
        Assert.All(await TestCommand.BatchAsync(node, deposits(6)), r => Assert.Equal(201, r.GetProperty("status").GetInt32()));
        // ...so a whole burst more must wait (the bucket refills at 1 a second): 429, and none of it is done.
        var limited = await TestCommand.PostBatchAsync(node, deposits(burst));
        await ProblemJson.AssertAsync(limited, 429, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");

        Assert.Equal(journal + 6, await node.JournalRowsAsync());
    }
}
