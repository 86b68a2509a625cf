using System.Net;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// How a request body is bound to its record (docs/API.md, "How a request body is bound"): strictly, every field error
/// told at once under its name, money exact from a number or a string, and nothing written on a 400. A lax binder (one
/// that ignores unknown fields, takes the last of two, matches names in any case or reads money through a double)
/// fails here.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class RequestBindingTests(LedgerFixture fixture) : IAsyncLifetime
{
    private const string Account = "binding";
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await fixture.SharedNodeAsync();
        await _node.EnsureAccountAsync(Account, "50");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> Refused => new()
    {
        { """{"account_id":"binding","amount":"1.00","surprise":1}""", "surprise", "is not a known field" },
        // Names match exactly: "Amount" is not "amount".
        { """{"account_id":"binding","amount":"1.00","Amount":"1.00"}""", "Amount", "is not a known field" },
        { """{"account_id":"binding","amount":"1.00","amount":"2.00"}""", "amount", "appears more than once" },
        { """{"account_id":"binding","amount":"0.000000001"}""", "amount", "has more decimal places than any currency allows" },
        { """{"account_id":"binding","amount":1e-9}""", "amount", "has more decimal places than any currency allows" },
        // Read through a double, this would be 1 and accepted.
        { """{"account_id":"binding","amount":1.000000000000000001}""", "amount", "has more decimal places than any currency allows" },
        { """{"account_id":"binding","amount":"1000000000000000000"}""", "amount", "exceeds the maximum amount" },
        { """{"account_id":"binding","amount":"abc"}""", "amount", "must be a decimal number" },
        { """{"account_id":"binding","amount":"0.1e"}""", "amount", "must be a decimal number" },
        { """{"account_id":"binding","amount":true}""", "amount", "must be a number or a decimal string" },
        { """{"account_id":"binding","amount":"0"}""", "amount", "must be greater than zero" },
        { """{"account_id":"binding","amount":-1}""", "amount", "must be greater than zero" },
        { """{"account_id":"binding","amount":null}""", "amount", "is required" },
        { """{"account_id":"bad id!","amount":1}""", "account_id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'" },
        { """{"account_id":"binding","amount":1,"expected_version":"1"}""", "expected_version", "must be an integer" },
        { """{"account_id":"binding","amount":1,"expected_version":-1}""", "expected_version", "must be between 0 and 9223372036854775807" },
        { """{"account_id":"binding","amount":1,"description":""}""", "description", "must be 1-500 characters" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_field_the_binder_refuses_is_a_400_naming_it_and_nothing_is_written(string json, string field, string message)
    {
        var before = await SnapshotAsync();

        var problem = await ProblemJson.AssertAsync(await _node.PostRawAsync("/commands/deposit", json), 400, "validation_failed");

        Assert.Equal(message, Errors(problem)[field]);
        Assert.Contains($"{field} {message}", problem.Str("detail"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Every_wrong_field_is_told_at_once()
    {
        var before = await SnapshotAsync();
        const string json = """{"account_id":"bad id!","amount":"abc","expected_version":-1,"hold":true,"amount":"1.00"}""";

        var errors = Errors(await ProblemJson.AssertAsync(await _node.PostRawAsync("/commands/deposit", json), 400, "validation_failed"));

        Assert.Equal(
            ["account_id: must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'", "amount: appears more than once",
             "expected_version: must be between 0 and 9223372036854775807", "hold: is not a known field"],
            errors.Select(e => $"{e.Key}: {e.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Money_as_a_string_or_a_number_is_read_exactly()
    {
        var id = "binding-" + Guid.NewGuid().ToString("N")[..8];
        await _node.CreateAccountAsync(id);

                for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await _node.PostRawAsync("/commands/deposit", $$"""{"account_id":"{{id}}","amount":"0.10"}""")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await _node.PostRawAsync("/commands/deposit", $$"""{"account_id":"{{id}}","amount":0.1}""")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await _node.PostRawAsync("/commands/deposit", $$"""{"account_id":"{{id}}","amount":1e-2}""")).StatusCode);

        var account = await _node.GetAccountAsync(id);
        Assert.Equal(("1.01", 12L), (account.Str("balance"), account.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task A_null_field_is_a_field_not_given()
    {
        var id = "binding-" + Guid.NewGuid().ToString("N")[..8];
        var created = await _node.PostRawAsync("/commands/create-account",
            $$"""{"account_id":"{{id}}","owner_name":"Ada","currency":null,"initial_balance":null,"metadata":null}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await _node.GetAccountAsync(id);
        Assert.Equal(("0.00", "USD"), (account.Str("balance"), account.Str("currency")));
    }

    [Fact]
    public async Task In_a_batch_a_field_given_twice_is_that_commands_400_and_the_others_run()
    {
        var before = (await _node.GetAccountAsync(Account)).GetProperty("version").GetInt64();
        var batch = $$"""
            {"commands":[
              {"type":"deposit","account_id":"{{Account}}","amount":"1.00","amount":"2.00"},
              {"type":"deposit","account_id":"{{Account}}","amount":"1.00","surprise":true},
              {"type":"deposit","account_id":"{{Account}}","amount":"1.00"}]}
            """;

        var response = await _node.PostRawAsync("/commands/batch", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync()).Items("results").ToList();
        Assert.Equal([400, 400, 201], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("appears more than once", Errors(results[0].GetProperty("body"))["amount"]);
        Assert.Equal("is not a known field", Errors(results[1].GetProperty("body"))["surprise"]);
        Assert.Equal(before + 1, (await _node.GetAccountAsync(Account)).GetProperty("version").GetInt64());
    }

    private static Dictionary<string, string> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>What must not change: the journal's size and the account's balance and version.</summary>
    private async Task<(long JournalRows, string? Balance, long Version)> SnapshotAsync()
    {
        var account = await _node.GetAccountAsync(Account);
        return (await _node.JournalRowsAsync(), account.Str("balance"), account.GetProperty("version").GetInt64());
    }
}
