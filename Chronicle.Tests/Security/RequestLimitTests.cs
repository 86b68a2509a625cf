using System.Diagnostics;
using System.Text;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Security;

/// <summary>Oversized URLs, headers, bodies and nesting are 4xx problems that change nothing; a stuck request ends at the timeout.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RequestLimitTests(LedgerFixture fixture)
{
    private static readonly RequestLimits Defaults = new();

    [Fact]
    public async Task Too_long_a_url_too_many_or_too_large_headers_too_large_or_too_deep_a_body_are_refused_and_change_nothing()
    {
        var node = await fixture.SharedNodeAsync();
        var journal = await node.JournalRowsAsync();

        await ProblemJson.AssertAsync(await node.Http.GetAsync("/accounts/" + new string('a', Defaults.MaxUrlBytes)), 414, "uri_too_long");

        var many = Deposit("""{"account_id":"limits","amount":"1.00"}""");
        for (var i = 0; i < Defaults.MaxHeaderCount; i++) many.Headers.Add($"X-Filler-{i}", "x");
        await ProblemJson.AssertAsync(await node.Http.SendAsync(many), 431, "headers_too_large");

        var large = Deposit("""{"account_id":"limits","amount":"1.00"}""");
        large.Headers.Add("X-Filler", new string('x', Defaults.MaxHeaderBytes));
        await ProblemJson.AssertAsync(await node.Http.SendAsync(large), 431, "headers_too_large");

        // Chunked, so no Content-Length gives it away before it is read.
        var body = Deposit("""{"account_id":"limits","amount":"1.00","description":" """ + new string('x', Defaults.MaxBodyBytes) + "\"}");
        body.Headers.TransferEncodingChunked = true;
        var tooLarge = await node.Http.SendAsync(body);
        await ProblemJson.AssertAsync(tooLarge, 413, "request_too_large");
        Assert.True(tooLarge.Headers.ConnectionClose);

        var levels = Defaults.MaxJsonDepth + 1;
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", levels)) + "1" + new string('}', levels);
        var tooDeep = await ProblemJson.AssertAsync(await node.PostRawAsync("/commands/deposit", deep), 400, "validation_failed");
        Assert.Contains("depth", tooDeep.GetProperty("detail").GetString());

        Assert.Equal(journal, await node.JournalRowsAsync());
    }

    [Fact]
    public async Task A_request_that_cannot_finish_in_time_is_503_at_the_request_timeout()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("request_timeout");
        var timeout = TimeSpan.FromSeconds(1);
        await using var node = await TestNode.StartAsync(eventStore, limits: new RequestLimits { RequestTimeout = timeout });

        // Whoever holds the journal table locked holds every write and recovery behind it.
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE journal IN ACCESS EXCLUSIVE MODE", connection, transaction).ExecuteNonQueryAsync();

        var clock = Stopwatch.StartNew();
        var response = await node.PostAsync("/commands/create-account", new { account_id = "stuck", owner_name = "Stuck" });
        var elapsed = clock.Elapsed;
        await transaction.RollbackAsync();

        var problem = await ProblemJson.AssertAsync(response, 503, "unavailable");
        Assert.Contains("request timeout", problem.GetProperty("detail").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.InRange(elapsed, timeout, new Gateway.GatewaySettings().CommandTimeout);
    }

    private static HttpRequestMessage Deposit(string json) =>
        new(HttpMethod.Post, "/commands/deposit") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
