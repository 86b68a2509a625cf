using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Gateway.Http;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// balance-at's answers at the edges: what it accepts as an instant, and the accounts it does not know; both balances
/// and the holds open at an instant.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class BalanceAtTests(LedgerFixture fixture) : IAsyncLifetime
{
    private const string Account = "balance-at";
    private TestNode _node = null!;
    private DateTimeOffset _createdAt;

    public async Task InitializeAsync()
    {
        _node = await fixture.SharedNodeAsync();
        if ((await _node.Http.GetAsync($"/accounts/{Account}")).StatusCode == HttpStatusCode.NotFound)
        {
            await _node.CreateAccountAsync(Account, "10.00");
            Assert.Equal(HttpStatusCode.Created, (await _node.PostAsync("/commands/deposit", new { account_id = Account, amount = "2.50" })).StatusCode);
        }
        _createdAt = DateTimeOffset.Parse((await _node.GetAccountAsync(Account)).GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> BadQueries => new()
    {
        "",
        "?timestamp=",
        "?timestamp=yesterday",
        "?timestamp=now",
        "?timestamp=1767225600",
        "?timestamp=2026-01-01",
        "?timestamp=2026-01-01T12:00:00",
        "?timestamp=2026-01-01T12:00Z",
        "?timestamp=2026-01-01 12:00:00Z",
        "?timestamp=2026-01-01T12:00:00z",
        "?timestamp=2026-01-01T12:00:00+02:00", // an unencoded '+' arrives as a space
        "?timestamp=2026-01-01T12:00:00%2B0200",
        "?timestamp=2026-01-01T12:00:00.12345678Z",
        "?timestamp=2026-02-30T12:00:00Z",
        "?timestamp=2026-01-01T24:00:00Z",
        "?timestamp=0001-01-01T00:00:00%2B01:00", // before the first representable instant
        "?timestamp=%D9%A2%D9%A0%D9%A2%D9%A6-01-01T12:00:00Z", // Arabic-Indic digits
        "?timestamp=Thu, 01 Jan 2026 12:00:00 GMT",
        "?timestamp=2026-01-01T12:00:00Z&timestamp=2026-01-02T12:00:00Z",
        "?Timestamp=2026-01-01T12:00:00Z&timestamp=2026-01-02T12:00:00Z", // names match case-insensitively
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_missing_or_malformed_timestamp_is_a_validation_problem(string query)
    {
        var response = await _node.Auditor.GetAsync($"/accounts/{Account}/balance-at{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("timestamp", out _), problem.ToString());
    }

    [Fact]
    public async Task A_malformed_account_id_is_a_validation_problem()
    {
        var response = await _node.Auditor.GetAsync("/accounts/bad%20id!/balance-at?timestamp=2026-01-01T12:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_account_that_never_existed_is_not_found()
    {
        var response = await _node.Auditor.GetAsync("/accounts/nobody-ever/balance-at?timestamp=2030-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("account_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Before_its_creation_the_account_is_not_found_and_from_its_creation_on_it_is()
    {
        var before = await GetAsync(_createdAt.AddTicks(-1));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("account_not_found", (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var atCreation = await GetAsync(_createdAt);
        Assert.Equal(HttpStatusCode.OK, atCreation.StatusCode);
        var body = await atCreation.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("10.00", "USD", 1L), (body.GetProperty("balance").GetString(), body.GetProperty("currency").GetString(), body.GetProperty("version").GetInt64()));

        var later = await (await GetAsync(_createdAt.AddDays(1))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("12.50", 2L), (later.GetProperty("balance").GetString(), later.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task One_instant_in_any_zone_gives_one_answer_and_is_echoed_in_utc()
    {
        var instant = _createdAt.AddTicks(1);
        string[] spellings =
        [
            instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            instant.ToOffset(TimeSpan.FromHours(5.5)).ToString("O", CultureInfo.InvariantCulture),
            instant.ToOffset(TimeSpan.FromHours(-8)).ToString("O", CultureInfo.InvariantCulture),
        ];
        foreach (var spelling in spellings)
        {
            var response = await _node.Auditor.GetAsync($"/accounts/{Account}/balance-at?timestamp={Uri.EscapeDataString(spelling)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(Account, body.GetProperty("account_id").GetString());
            Assert.Equal("10.00", body.GetProperty("balance").GetString());
            var at = DateTimeOffset.Parse(body.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal((instant, TimeSpan.Zero), (at, at.Offset));
        }
    }

    [Fact]
    public async Task The_available_balance_and_the_holds_are_those_of_the_instant()
    {
        var account = "balance-at-" + Guid.NewGuid().ToString("N")[..8];
        await _node.CreateAccountAsync(account, "50.00");
        await _node.CreateAccountAsync(account + "-to");
        var beforeHold = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Created, (await _node.PostAsync("/commands/transfer",
            new { from_account_id = account, to_account_id = account + "-to", amount = "20.00", transfer_id = account + "-h", hold = true, timeout_seconds = 3600 })).StatusCode);
        var whileHeld = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await _node.PostAsync("/commands/void-transfer", new { transfer_id = account + "-h" })).StatusCode);
        var afterVoid = DateTimeOffset.UtcNow;

        var before = await _node.BalanceAtAsync(account, beforeHold);
        Assert.Equal(("50.00", "50.00", 0), (before.GetProperty("balance").GetString(), before.GetProperty("available_balance").GetString(),
            before.GetProperty("holds").GetArrayLength()));

        var held = await _node.BalanceAtAsync(account, whileHeld);
        Assert.Equal(("50.00", "30.00"), (held.GetProperty("balance").GetString(), held.GetProperty("available_balance").GetString()));
        var hold = Assert.Single(held.GetProperty("holds").EnumerateArray());
        Assert.Equal((account + "-h", account + "-to", "20.00"),
            (hold.GetProperty("transfer_id").GetString(), hold.GetProperty("to_account_id").GetString(), hold.GetProperty("amount").GetString()));
        Assert.True(hold.TryGetProperty("expires_at", out _));

        var after = await _node.BalanceAtAsync(account, afterVoid);
        Assert.Equal(("50.00", "50.00", 0), (after.GetProperty("balance").GetString(), after.GetProperty("available_balance").GetString(),
            after.GetProperty("holds").GetArrayLength()));
    }

    private Task<HttpResponseMessage> GetAsync(DateTimeOffset instant) =>
        _node.Auditor.GetAsync($"/accounts/{Account}/balance-at?timestamp={Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture))}");
}
