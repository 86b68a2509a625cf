using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>Every malformed request is a 4xx problem+json and leaves the ledger exactly as it was.</summary>
[Collection(LedgerCollection.Name)]
public sealed class BadInputTests(LedgerFixture fixture) : IAsyncLifetime
{
    private const string Account = "target";
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await fixture.SharedNodeAsync();
        await _node.EnsureAccountAsync(Account, "50");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, int> Requests => new()
    {
        { "/commands/deposit", """{"account_id":"target","amount":"abc"}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":0.001}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":"0.001"}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1e308}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1e-30}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":-1}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":0}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":-0}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":"NaN"}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":"Infinity"}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":null}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":9223372036854775808}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":"1000000000000000000"}""", 400 },
        { "/commands/deposit", """{"account_id":"target"}""", 400 },
        { "/commands/deposit", """{"amount":1}""", 400 },
        { "/commands/deposit", """{"account_id":42,"amount":1}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":true}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":[1]}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":{"value":1}}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"surprise":1}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"amount":2}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"expected_version":"2"}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"expected_version":1.5}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"expected_version":-1}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"description":7}""", 400 },
        { "/commands/deposit", """{"account_id":"bad id!","amount":1}""", 400 },
        { "/commands/deposit", """{"account_id":"","amount":1}""", 400 },
        { "/commands/deposit", "{\"account_id\":\"" + new string('a', 65) + "\",\"amount\":1}", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1""", 400 },
        { "/commands/deposit", """not json at all""", 400 },
        { "/commands/deposit", """[{"account_id":"target","amount":1}]""", 400 },
        { "/commands/deposit", """ "just a string" """, 400 },
        { "/commands/deposit", "", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1 /* comment */}""", 400 },
        // Half a surrogate pair: well-formed JSON, but no text (read as a string, it would throw).
        { "/commands/deposit", """{"account_id":"target","amount":1,"description":"\ud800"}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"metadata":{"k":"\udc00 low"}}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"metadata":{"\ud83d":"v"}}""", 400 },
        { "/commands/deposit", """{"account_id":"target","amount":1,"\ud800":1}""", 400 },
        { "/commands/batch", """{"commands":[{"type":"deposit","account_id":"target","amount":1,"description":"\ud800"}]}""", 400 },
        { "/commands/deposit", """{"account_id":"nobody","amount":1}""", 404 },
        { "/commands/withdraw", """{"account_id":"target","amount":"50.001"}""", 400 },
        { "/commands/withdraw", """{"account_id":"target","amount":"50.01"}""", 422 },
        { "/commands/withdraw", """{"account_id":"nobody","amount":1}""", 404 },
        { "/commands/withdraw", """{"account_id":"target","amount":1,"expected_version":7}""", 409 },
        { "/commands/freeze-account", """{"account_id":"target","expected_version":7}""", 409 },
        { "/commands/freeze-account", """{"account_id":"target","expected_version":-1}""", 400 },
        { "/commands/unfreeze-account", """{"account_id":"target","expected_version":"1"}""", 400 },
        { "/commands/close-account", """{"account_id":"target","expected_version":1.5}""", 400 },
        { "/commands/create-account", """{"account_id":"target","owner_name":"Again"}""", 409 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","currency":"XXX"}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","currency":"usd"}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","currency":"JPY","initial_balance":"1.5"}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","initial_balance":-5}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":""}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh"}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"a\u0000b"}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","overdraft_limit":-1}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","currency":"JPY","overdraft_limit":"0.5"}""", 400 },
        { "/commands/create-account", """{"account_id":"fresh","owner_name":"X","overdraft_limit":"1000000000000.01"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"-0.01"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"abc"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"10.001"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"1000000000000.01"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":1e308}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":true}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"10.00","expected_version":"1"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"10.00","amount":"1"}""", 400 },
        { "/commands/set-overdraft-limit", """{"account_id":"target","overdraft_limit":"10.00","expected_version":7}""", 409 },
        { "/commands/set-overdraft-limit", """{"account_id":"nobody","overdraft_limit":"10.00"}""", 404 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_bad_request_is_a_problem_and_changes_nothing(string path, string json, int expectedStatus)
    {
        var before = await Snapshot();

        var response = await _node.PostRawAsync(path, json);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        await ProblemJson.AssertAsync(response, expectedStatus);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_413_and_changes_nothing()
    {
        var before = await Snapshot();
        var huge = """{"account_id":"target","amount":1,"description":" """ + new string('x', 10 * 1024 * 1024) + "\"}";

        // Expect: 100-continue lets the server refuse before the client sends 10 MB, as a real client would.
        var request = new HttpRequestMessage(HttpMethod.Post, "/commands/deposit")
        {
            Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        var response = await _node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemJson.AssertAsync(response, 413);
        // The 10 MB were never read: the connection must not be reused for another request.
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_400_and_changes_nothing()
    {
        var before = await Snapshot();
        // Well-formed JSON around a broken UTF-8 sequence inside a string: only decoding the field notices.
        var content = new ByteArrayContent([.. "{\"account_id\":\"target\",\"amount\":\"1.00\",\"description\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _node.Http.PostAsync("/commands/deposit", content);

        await ProblemJson.AssertAsync(response, 400);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_415()
    {
        var response = await _node.Http.PostAsync("/commands/deposit",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["account_id"] = Account, ["amount"] = "1" }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ProblemJson.AssertAsync(response, 415);
    }

    [Theory]
    [InlineData("/accounts/bad%20id", 400)]
    [InlineData("/accounts/nobody%0A", 400)]
    [InlineData("/accounts/nobody%0A/transactions", 400)]
    [InlineData("/transfers/t1%0A", 400)]
    [InlineData("/accounts/nobody", 404)]
    [InlineData("/no/such/route", 404)]
    public async Task Bad_reads_are_problems(string path, int expectedStatus)
    {
        var response = await _node.Http.GetAsync(path);
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        await ProblemJson.AssertAsync(response, expectedStatus);
    }

    /// <summary>What must not change: the journal's size and the target's balance and version.</summary>
    private async Task<(long JournalRows, string? Balance, string? OverdraftLimit, long Version)> Snapshot()
    {
        var account = await _node.GetAccountAsync(Account);
        return (await _node.JournalRowsAsync(), account.GetProperty("balance").GetString(), account.GetProperty("overdraft_limit").GetString(),
            account.GetProperty("version").GetInt64());
    }
}
