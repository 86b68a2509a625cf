using System.Net;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Telemetry;

/// <summary>The node's console log: one JSON object per line, and nothing a client sent that is theirs alone.</summary>
[Collection(LedgerCollection.Name)]
public sealed class LoggingTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Logs_are_json_lines_without_amounts_keys_or_request_bodies()
    {
        LogCapture? capture = null;
        await using var node = await TestNode.StartAsync(await fixture.Postgres.CreateDatabaseAsync("logging"),
            beforeStart: services => capture = LogCapture.AttachTo(services));
        Assert.NotNull(capture);
        Assert.Equal("json", capture.FormatterName);

        var secrets = new[] { "Zebediah", "98765", "idem-secret-7731", "salary-secret-text", "55555", "chr_secret_key_0042" };
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/create-account",
            new { account_id = "log-1", owner_name = "Zebediah Quill", initial_balance = "0", currency = "USD" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit",
            new { account_id = "log-1", amount = "98765.43", description = "salary-secret-text" }, "idem-secret-7731")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await node.PostAsync("/commands/withdraw", new { account_id = "log-1", amount = "198765.43" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.PostRawAsync("/commands/deposit", """{"account_id":"log-1","amount":"55555.55",""")).StatusCode);
        var withKey = new HttpRequestMessage(HttpMethod.Get, "/accounts/log-1");
        withKey.Headers.Add("Authorization", "Bearer chr_secret_key_0042");
        await node.Http.SendAsync(withKey);

        // Akka's own startup lines come through the same loggers, with their source as a property: the capture saw the node start.
        var lines = capture.Lines;
        Assert.Contains(lines, line => line.Contains("\"Category\":\"Akka", StringComparison.Ordinal) && line.Contains("\"LogSource\":", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.EndsWith("\n", line);
            Assert.DoesNotContain('\n', line.TrimEnd('\n', '\r'));
            using var record = JsonDocument.Parse(line);
            foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message", "EventId" })
                Assert.True(record.RootElement.TryGetProperty(field, out _), $"no {field} in {line}");
            foreach (var secret in secrets) Assert.DoesNotContain(secret, line);
        }
    }
}
