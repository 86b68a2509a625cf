using System.Net;
using Akka.Event;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Security;

/// <summary>At the default log levels, nothing a request carries in its body or its Authorization header reaches the node's log.</summary>
[Collection(LedgerCollection.Name)]
public sealed class LogSecrecyTests(LedgerFixture fixture)
{
    private const string Owner = "zq7-acct-ledgerlog";
    private const string Payee = "zq7-acct-payee";

    [Fact]
    public async Task No_key_amount_or_account_id_of_a_request_appears_in_the_log()
    {
        await using var node = await fixture.StartNodeAsync("log_secrecy");
        var log = LogCapture.Attach(node);
        var unknownKey = TestApiKeys.NewKey();
        string[] amounts = ["86421.37", "9137.53", "4242.424", "713.29", "55.17", "31337.01"];

        await node.CreateAccountAsync(Owner, amounts[0]);
        await node.CreateAccountAsync(Payee);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = Owner, amount = amounts[1], description = "memo" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.PostAsync("/commands/deposit", new { account_id = Owner, amount = amounts[2] })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", new { from_account_id = Owner, to_account_id = Payee, amount = amounts[3] })).StatusCode);
        Assert.Equal((HttpStatusCode)422, (await node.PostAsync("/commands/withdraw", new { account_id = Payee, amount = amounts[5] })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.HttpWith(unknownKey).PostAsync("/commands/withdraw", Json(Owner, amounts[4]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Auditor.PostAsync("/commands/withdraw", Json(Owner, amounts[4]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.Operator.GetAsync($"/accounts/{Owner}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Auditor.GetAsync($"/accounts/{Owner}/balance-at?timestamp=2100-01-01T00:00:00Z")).StatusCode);

        // The ledger's actors log through Akka's logger actor, asynchronously: once a line logged after
        // the requests arrives, everything they caused has arrived before it.
        var marker = "log-capture-marker-" + Guid.NewGuid();
        Logging.GetLogger(node.ActorSystem, "LogSecrecyTests").Info(marker);
        await Eventually.Until(() => Task.FromResult(log.Text), text => text.Contains(marker), TimeSpan.FromSeconds(30), "the marker logged");

        Assert.NotEmpty(log.Lines);
        string[] secrets = [node.Keys.Client, node.Keys.Auditor, node.Keys.Operator, unknownKey, Owner, Payee, .. amounts];
        foreach (var secret in secrets)
            Assert.False(log.Text.Contains(secret, StringComparison.Ordinal), $"the log holds '{secret}':\n{log.Text}");
    }

    private static StringContent Json(string account, string amount) =>
        new($$"""{"account_id":"{{account}}","amount":"{{amount}}"}""", System.Text.Encoding.UTF8, "application/json");
}
