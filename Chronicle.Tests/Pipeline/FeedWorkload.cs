using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Pipeline;

/// <summary>Writes through the real API for the feed tests: several accounts written side by side.</summary>
public static class FeedWorkload
{
    /// <summary>Creates <paramref name="accounts"/> accounts and deposits into all of them concurrently; every write must be 201.</summary>
    public static async Task WriteAsync(TestNode node, string prefix, int accounts, int depositsEach)
    {
        var ids = Enumerable.Range(0, accounts).Select(i => $"{prefix}-{i}").ToList();
        await Task.WhenAll(ids.Select(id => node.CreateAccountAsync(id, "10")));
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var d = 0; d < depositsEach; d++)
            {
                var response = await node.PostAsync("/commands/deposit", new { account_id = id, amount = "1.00" });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }));
    }
}
