using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>A withdrawal never takes a balance below zero and expected_version is honoured, whatever the concurrency.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ConcurrencyTests(LedgerFixture fixture) : IAsyncLifetime
{
    private const int Trials = 10;
    private const int ConcurrentRequests = 20;
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await fixture.StartNodeAsync("concurrency");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Twenty_concurrent_withdrawals_of_the_whole_balance_let_exactly_one_through()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            var account = $"race-{trial}";
            await _node.CreateAccountAsync(account, "100");

            var statuses = await Task.WhenAll(Enumerable.Range(0, ConcurrentRequests).Select(_ =>
                _node.PostAsync("/commands/withdraw", new { account_id = account, amount = 100 })
                    .ContinueWith(t => t.Result.StatusCode)));

            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(ConcurrentRequests - 1, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
            var state = await _node.GetAccountAsync(account);
            Assert.Equal("0.00", state.GetProperty("balance").GetString());
            Assert.Equal(2, state.GetProperty("version").GetInt64());
        }
    }

    [Fact]
    public async Task Twenty_concurrent_writes_with_the_same_expected_version_let_exactly_one_through()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            var account = $"versioned-{trial}";
            await _node.CreateAccountAsync(account, "100");

            var statuses = await Task.WhenAll(Enumerable.Range(0, ConcurrentRequests).Select(_ =>
                _node.PostAsync("/commands/withdraw", new { account_id = account, amount = 100, expected_version = 1 })
                    .ContinueWith(t => t.Result.StatusCode)));

            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(ConcurrentRequests - 1, statuses.Count(s => s == HttpStatusCode.Conflict));
            Assert.Equal("0.00", (await _node.GetAccountAsync(account)).GetProperty("balance").GetString());
        }
    }
}
