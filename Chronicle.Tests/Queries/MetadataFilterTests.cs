using System.Net;
using System.Text.Json;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>
/// GET /accounts?metadata[KEY]=VALUE and the same filter on an account's transactions, from the read model: a match, no
/// match, several filters together (all must match), paging through the matches; a malformed filter is a 400.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class MetadataFilterTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Accounts_are_found_by_their_metadata_all_filters_matched_and_paged_in_id_order()
    {
        await using var stack = await fixture.StartReadSideAsync("metadata_accounts");
        var node = stack.Node;
        await CreateAsync(node, "f-1", ("team", "red"), ("region", "eu"), ("cost center", "a&b=c"));
        await CreateAsync(node, "f-2", ("team", "red"), ("region", "us"));
        await CreateAsync(node, "f-3", ("team", "red"), ("region", "eu"));
        await CreateAsync(node, "f-4", ("team", "blue"), ("region", "eu"));
        await CreateAsync(node, "f-5");
        await CreateAsync(node, "g-1", ("team", "red"));
        await Eventually.Until(async () => Ids(await ListAsync(node, "")), ids => ids.Count == 6, Patience, "the read model holds the six accounts");

        Assert.Equal(["f-1", "f-2", "f-3", "g-1"], Ids(await ListAsync(node, "?metadata[team]=red")));
        Assert.Equal(["f-1", "f-3"], Ids(await ListAsync(node, "?metadata[team]=red&metadata[region]=eu")));
        Assert.Equal(["f-1", "f-2", "f-3"], Ids(await ListAsync(node, "?prefix=f-&metadata[team]=red")));
        Assert.Empty(Ids(await ListAsync(node, "?metadata[team]=green")));
        Assert.Empty(Ids(await ListAsync(node, "?metadata[team]=red&metadata[region]=asia")));
        // Keys and values are matched exactly: case counts, and an encoded key or value is its decoded text.
        Assert.Empty(Ids(await ListAsync(node, "?metadata[Team]=red")));
        Assert.Empty(Ids(await ListAsync(node, "?metadata[team]=RED")));
        Assert.Equal(["f-1"], Ids(await ListAsync(node, "?metadata%5Bcost%20center%5D=a%26b%3Dc")));
        Assert.Equal("cost center=a&b=c region=eu team=red", Text(Assert.Single((await ListAsync(node, "?metadata[cost+center]=a%26b%3Dc")).Items("accounts"))));

        // Pages: each ends where the next starts (next), the last has none.
        var first = await ListAsync(node, "?metadata[team]=red&limit=2");
        Assert.Equal(["f-1", "f-2"], Ids(first));
        Assert.Equal("f-2", first.Str("next"));
        var second = await ListAsync(node, "?metadata[team]=red&limit=2&after=f-2");
        Assert.Equal(["f-3", "g-1"], Ids(second));
        Assert.False(second.TryGetProperty("next", out _));
        Assert.Empty(Ids(await ListAsync(node, "?metadata[team]=red&after=g-1")));
        Assert.Equal(["f-5", "g-1"], Ids(await ListAsync(node, "?after=f-4")));
    }

    [Fact]
    public async Task An_accounts_transactions_are_found_by_their_metadata_all_filters_matched_and_paged()
    {
        await using var stack = await fixture.StartReadSideAsync("metadata_transactions");
        var node = stack.Node;
        await CreateAsync(node, "t-a");
        await CreateAsync(node, "t-b");
        await DepositAsync(node, "t-a", "1.00", ("kind", "fee"), ("order", "1"));
        await DepositAsync(node, "t-a", "2.00", ("kind", "fee"), ("order", "2"));
        await DepositAsync(node, "t-a", "3.00", ("kind", "refund"), ("order", "3"));
        await DepositAsync(node, "t-a", "4.00");
        await DepositAsync(node, "t-b", "5.00", ("kind", "fee"));
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", new
        {
            from_account_id = "t-a", to_account_id = "t-b", amount = "0.50", metadata = new Dictionary<string, string> { ["kind"] = "fee", ["order"] = "4" },
        })).StatusCode);
        await Eventually.Until(async () => (await PageAsync(node, "t-b", "")).Int("total"), n => n == 3, Patience, "the read model holds t-b's credit");
        await Eventually.Until(async () => (await PageAsync(node, "t-a", "")).Int("total"), n => n == 6, Patience, "the read model holds t-a's six movements");

        var fees = await PageAsync(node, "t-a", "?metadata[kind]=fee");
        Assert.Equal(3L, fees.Int("total"));
        Assert.Equal(["0.50", "2.00", "1.00"], Amounts(fees));
        Assert.Equal(["0.50", "5.00"], Amounts(await PageAsync(node, "t-b", "?metadata[kind]=fee")));
        var both = await PageAsync(node, "t-a", "?metadata[kind]=fee&metadata[order]=2");
        Assert.Equal(1L, both.Int("total"));
        Assert.Equal(["2.00"], Amounts(both));
        var none = await PageAsync(node, "t-a", "?metadata[kind]=salary");
        Assert.Equal((0L, 0), (none.Int("total"), Amounts(none).Count));

        // Paged newest first: the next page is before the last version of this one.
        var first = await PageAsync(node, "t-a", "?metadata[kind]=fee&limit=2");
        Assert.Equal(3L, first.Int("total"));
        Assert.Equal(["0.50", "2.00"], Amounts(first));
        var before = first.Items("transactions")[^1].Int("version");
        Assert.Equal(["1.00"], Amounts(await PageAsync(node, "t-a", $"?metadata[kind]=fee&limit=2&before={before}")));
    }

    [Theory]
    [InlineData("/accounts?metadata=red", "must be given as metadata[KEY]=VALUE")]
    [InlineData("/accounts?metadata=", "is empty")]
    [InlineData("/accounts?metadata[]=red", "must be 1-40 characters")]
    [InlineData("/accounts?metadata[team=red", "must be given as metadata[KEY]=VALUE")]
    [InlineData("/accounts?metadata[a][b]=red", "must be 1-40 characters, without control characters or square brackets")]
    [InlineData("/accounts?metadata[team]=red&metadata[team]=blue", "key 'team' appears more than once")]
    [InlineData("/accounts?metadata[%07]=x", "must be 1-40 characters")]
    [InlineData("/accounts/t-a/transactions?metadata[k]=%00", "must be a string of at most 500 characters, without control characters")]
    [InlineData("/accounts/t-a/transactions?metadata=x", "must be given as metadata[KEY]=VALUE")]
    public async Task A_malformed_filter_is_a_400_naming_metadata(string path, string error)
    {
        var node = await fixture.SharedNodeAsync();
        var problem = await ProblemJson.AssertAsync(await node.Http.GetAsync(path), 400, "validation_failed");
        Assert.Contains(error, problem.GetProperty("errors").GetProperty("metadata").GetString());
    }

    [Fact]
    public async Task Too_many_filters_or_a_key_or_value_too_long_is_a_400()
    {
        var node = await fixture.SharedNodeAsync();
        var many = string.Join("&", Enumerable.Range(0, 21).Select(i => $"metadata[k{i}]=v"));
        foreach (var (query, error) in new[]
                 {
                     (many, "has 21 keys; at most 20 are accepted"),
                     ($"metadata[{new string('k', 41)}]=v", "must be 1-40 characters"),
                     ($"metadata[k]={new string('v', 501)}", "must be a string of at most 500 characters"),
                 })
        {
            var problem = await ProblemJson.AssertAsync(await node.Http.GetAsync("/accounts?" + query), 400, "validation_failed");
            Assert.Contains(error, problem.GetProperty("errors").GetProperty("metadata").GetString());
        }
    }

    private static async Task CreateAsync(TestNode node, string id, params (string Key, string Value)[] metadata)
    {
        var response = await node.PostAsync("/commands/create-account",
            new { account_id = id, owner_name = "Owner", initial_balance = "10.00", metadata = metadata.ToDictionary(m => m.Key, m => m.Value) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task DepositAsync(TestNode node, string id, string amount, params (string Key, string Value)[] metadata)
    {
        var response = await node.PostAsync("/commands/deposit", new { account_id = id, amount, metadata = metadata.ToDictionary(m => m.Key, m => m.Value) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A client's key: finding accounts by their metadata is a client's read.</summary>
    private static async Task<JsonElement> ListAsync(TestNode node, string query)
    {
        var response = await node.Http.GetAsync("/accounts" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReadSource.ReadModel, response.Header(ReadSource.Header));
        return await response.BodyAsync();
    }

    private static async Task<JsonElement> PageAsync(TestNode node, string accountId, string query)
    {
        var response = await node.Http.GetAsync($"/accounts/{accountId}/transactions{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.BodyAsync();
    }

    private static List<string> Ids(JsonElement page) => [.. page.Items("accounts").Select(a => a.Str("account_id")!)];

    private static List<string> Amounts(JsonElement page) => [.. page.Items("transactions").Select(t => t.Str("amount")!)];

    private static string Text(JsonElement account) =>
        string.Join(" ", account.GetProperty("metadata").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
}
