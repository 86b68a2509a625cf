using System.Net;
using System.Text.Json;
using Akka.Event;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Telemetry;

/// <summary>
/// The node's console log at the default levels: one JSON object per line, and nothing a request carries
/// in its body or its Authorization header (keys, account ids, amounts, owner names, descriptions,
/// Idempotency-Keys), whether the request was served or refused.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class LoggingTests(LedgerFixture fixture)
{
    private const string Owner = "zq7-acct-ledgerlog";
    private const string Payee = "zq7-acct-payee";

    [Fact]
    public async Task Logs_are_json_lines_without_keys_amounts_account_ids_or_request_bodies()
    {
        LogCapture? capture = null;
        await using var node = await TestNode.StartAsync(await fixture.Postgres.CreateDatabaseAsync("logging"),
            beforeStart: services => capture = LogCapture.AttachTo(services));
        Assert.NotNull(capture);
        Assert.Equal("json", capture.FormatterName);
        var unknownKey = TestApiKeys.NewKey();
        string[] amounts = ["86421.37", "9137.53", "4242.424", "713.29", "55.17", "31337.01", "55555.55"];
        string[] clientTexts = ["Zebediah", "salary-secret-text", "idem-secret-7731"];

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/create-account",
            new { account_id = Owner, owner_name = "Zebediah Quill", initial_balance = amounts[0], currency = "USD" })).StatusCode);
        await node.CreateAccountAsync(Payee);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit",
            new { account_id = Owner, amount = amounts[1], description = "salary-secret-text" }, "idem-secret-7731")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.PostAsync("/commands/deposit", new { account_id = Owner, amount = amounts[2] })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.PostRawAsync("/commands/deposit", $$"""{"account_id":"{{Owner}}","amount":"{{amounts[6]}}",""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", new { from_account_id = Owner, to_account_id = Payee, amount = amounts[3] })).StatusCode);
        Assert.Equal((HttpStatusCode)422, (await node.PostAsync("/commands/withdraw", new { account_id = Payee, amount = amounts[5] })).StatusCode);
        var refusedWithdrawal = $$"""{"account_id":"{{Owner}}","amount":"{{amounts[4]}}"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.PostRawAsync("/commands/withdraw", refusedWithdrawal, caller: node.HttpWith(unknownKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.PostRawAsync("/commands/withdraw", refusedWithdrawal, caller: node.Auditor)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Operator.GetAsync($"/accounts/{Owner}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Auditor.GetAsync($"/accounts/{Owner}/balance-at?timestamp=2100-01-01T00:00:00Z")).StatusCode);

        // The ledger's actors log through Akka's logger actor, asynchronously: once a line logged after
        // the requests arrives, everything they caused has arrived before it.
        var marker = "log-capture-marker-" + Guid.NewGuid();
        Logging.GetLogger(node.ActorSystem, nameof(LoggingTests)).Info(marker);
        await Eventually.Until(() => Task.FromResult(capture.Text), text => text.Contains(marker), TimeSpan.FromSeconds(30), "the marker logged");

        // Akka's own startup lines come through the same loggers, with their source as a property: the capture saw the node start.
        var lines = capture.Lines;
        Assert.Contains(lines, line => line.Contains("\"Category\":\"Akka", StringComparison.Ordinal) && line.Contains("\"LogSource\":", StringComparison.Ordinal));
        string[] secrets = [node.Keys.Client, node.Keys.Auditor, node.Keys.Operator, unknownKey, Owner, Payee, .. amounts, .. clientTexts];
        foreach (var line in lines)
        {
            Assert.EndsWith("\n", line);
            Assert.DoesNotContain('\n', line.TrimEnd('\n', '\r'));
            using var record = JsonDocument.Parse(line);
            foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message", "EventId" })
                Assert.True(record.RootElement.TryGetProperty(field, out _), $"no {field} in {line}");
            foreach (var secret in secrets)
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"the log holds '{secret}': {line}");
        }
    }
}
