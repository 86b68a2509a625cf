using System.Net;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>GET /accounts/{id}: from the read model, from the account when asked for or when the read model cannot answer.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AccountQueryTests(LedgerFixture fixture)
{
    [Fact]
    public async Task An_account_is_read_from_its_read_model_row_at_its_currency_scale()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_account");
        // Only in the read model: the account itself would answer 404, so a 200 proves where the answer came from.
        await node.Rows.AccountAsync("rm-yen", 125, 3, "JPY", "frozen");
        await node.Rows.AccountAsync("rm-dinar", 1_234_567, 9, "BHD", ownerName: "Zoë O'Brien");

        var yen = await node.Http.GetAsync("/accounts/rm-yen");
        Assert.Equal(HttpStatusCode.OK, yen.StatusCode);
        Assert.Equal(ReadSource.ReadModel, yen.Header(ReadSource.Header));
        Assert.Null(yen.Header(ReadSource.FallbackHeader));
        var body = await yen.BodyAsync();
        Assert.Equal(("rm-yen", "125", "JPY", "frozen", 3L), (body.Str("account_id"), body.Str("balance"), body.Str("currency"), body.Str("status"), body.Int("version")));
        Assert.Equal(ReadModelRows.Epoch, body.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(ReadModelRows.Epoch.AddMinutes(3), body.GetProperty("last_updated").GetDateTimeOffset());

        var dinar = await (await node.Http.GetAsync("/accounts/rm-dinar")).BodyAsync();
        Assert.Equal(("1234.567", "Zoë O'Brien"), (dinar.Str("balance"), dinar.Str("owner_name")));
    }

    [Fact]
    public async Task A_strong_read_asks_the_account_and_a_read_model_miss_asks_it_too()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_strong");
        await node.Node.CreateAccountAsync("rm-bob", "100");
        // A stale row, as the read model would have while the projector is behind.
        await node.Rows.AccountAsync("rm-bob", 5000, 1, ownerName: "Test Owner");

        var eventual = await node.Http.GetAsync("/accounts/rm-bob");
        Assert.Equal(("50.00", ReadSource.ReadModel), ((await eventual.BodyAsync()).Str("balance"), eventual.Header(ReadSource.Header)));

        var strong = await node.Http.GetAsync("/accounts/rm-bob?consistency=strong");
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
        Assert.Equal(("100.00", ReadSource.Account), ((await strong.BodyAsync()).Str("balance"), strong.Header(ReadSource.Header)));
        Assert.Null(strong.Header(ReadSource.FallbackHeader));

        // Just created, not projected yet: the account answers, and the headers say why.
        await node.Node.CreateAccountAsync("rm-new", "7.25");
        var fresh = await node.Http.GetAsync("/accounts/rm-new");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("7.25", (await fresh.BodyAsync()).Str("balance"));
        Assert.Equal((ReadSource.Account, ReadSource.Miss), (fresh.Header(ReadSource.Header), fresh.Header(ReadSource.FallbackHeader)));

        // Nowhere at all: 404, after asking the account.
        var missing = await node.Http.GetAsync("/accounts/rm-nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("account_not_found", (await missing.BodyAsync()).Str("code"));
        Assert.Equal(ReadSource.Miss, missing.Header(ReadSource.FallbackHeader));
    }

    [Fact]
    public async Task A_node_without_a_read_model_answers_from_the_account_and_refuses_the_read_model_routes()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("rm-plain", "1");

        var account = await node.Http.GetAsync("/accounts/rm-plain");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Equal(ReadSource.Account, account.Header(ReadSource.Header));
        Assert.Null(account.Header(ReadSource.FallbackHeader));

        foreach (var path in new[] { "/events", "/transfers", "/accounts/rm-plain/transactions", "/accounts/rm-plain/events" })
        {
            var refused = await node.Auditor.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        var ready = await (await node.Http.GetAsync("/readyz")).BodyAsync();
        Assert.False(ready.GetProperty("checks").TryGetProperty("read_model", out _));
    }
}
