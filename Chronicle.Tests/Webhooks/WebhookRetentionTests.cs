using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Webhooks;

/// <summary>
/// An endpoint paused while the stream's retention dropped events it had not been sent: those are not delivered, and the
/// lane says so (an error in the log, a count per endpoint) rather than passing over them in silence; what follows is
/// delivered as before.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class WebhookRetentionTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_the_stream_dropped_before_a_paused_endpoint_was_sent_them_are_counted_as_expired()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("webhooks_retention", forwarder: StreamFiller.SmallStream);
        var node = stack.Node;
        var (id, _) = await AdminHttp.RegisterWebhookAsync(node, receiver.Url, ["AccountCreated"]);
        await node.CreateAccountAsync("retention-first");
        await Eventually.Until(() => Task.FromResult(receiver.Accepted.Count), n => n == 1, Deadline, "the first account's creation delivered");
        Assert.Equal(HttpStatusCode.NoContent, (await node.Operator.PostAsync($"/admin/webhooks/{id}/pause", null)).StatusCode);
        await Eventually.Until(() => AdminHttp.WebhookLaneRunningAsync(node, id), running => running == 0, Deadline, "the paused endpoint's lane stopped");

        var dropped = Enumerable.Range(0, 3).Select(i => $"retention-dropped-{i}").ToList();
        foreach (var account in dropped) await node.CreateAccountAsync(account);
        await StreamFiller.DropAllSoFarAsync(node, stack.Nats.Url, stack.EventStore, "retention-filler");
        await node.CreateAccountAsync("retention-after");

        Assert.Equal(HttpStatusCode.NoContent, (await node.Operator.PostAsync($"/admin/webhooks/{id}/resume", null)).StatusCode);
        var accepted = await Eventually.Until(() => Task.FromResult(receiver.Accepted), got => got.Any(r => r.AccountId == "retention-after"), Deadline,
            "the account opened after the drop delivered");
        Assert.DoesNotContain(accepted, r => dropped.Contains(r.AccountId));
        var metrics = PrometheusText.Parse(await node.Operator.GetStringAsync("/metrics"));
        // At least the dropped accounts' creations; the filler's deposits were dropped too, and count as well.
        Assert.True(metrics.Sum("chronicle_webhooks_messages_expired_total", ("endpoint", id)) >= dropped.Count,
            "the lane counts the messages dropped before it took them");
    }
}
