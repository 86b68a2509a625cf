using Chronicle.Client;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Client;

/// <summary>Chronicle.Client's operator routes (/admin, webhooks) and the auditor's audit log and hash chain, against a real node.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ClientAdminTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_admin_reports_checks_and_replays_answer_typed()
    {
        await using var stack = await fixture.StartReadSideAsync("client_admin");
        var node = stack.Node;
        var admin = node.ClientFor(node.Keys.Operator);
        await node.CreateAccountAsync("ca-1", "3");

        var projector = await Eventually.Until(() => admin.GetProjectorAsync(), report => report.CaughtUp && report.Totals.EventsInReadModel >= 1, Deadline,
            "the projector caught up");
        Assert.Equal((false, 0L), (projector.Rebuild.InProgress, projector.Totals.DeadLetters));
        var verified = await admin.VerifyAsync(settleSeconds: 5);
        Assert.True(verified.Clean, $"{verified.DifferencesTotal} differences");
        Assert.True(verified.EntitiesChecked >= 1);
        var chains = await admin.VerifyChainsAsync();
        Assert.True(chains.Valid && chains.AccountsChecked >= 1, $"{chains.InvalidTotal} broken of {chains.AccountsChecked}");
        Assert.Equal((0, 0), (await admin.ReplayDeadLettersAsync()) is var replay ? (replay.Released, replay.StillHeld) : default);

        var cluster = await admin.GetClusterAsync();
        Assert.Contains(cluster.Members, member => member.Address == cluster.Self && member.Status == "up");
        var sharding = await admin.GetShardingAsync();
        Assert.Contains(sharding.Types, type => type.TypeName == "account");
        Assert.Equal("account", (await admin.GetShardTypeAsync("account")).TypeName);
        var unknownType = await Assert.ThrowsAsync<ChronicleProblemException>(() => admin.GetShardTypeAsync("no-such-type"));
        Assert.Equal((404, ProblemCodes.ShardTypeNotFound, "GET /admin/sharding/no-such-type"), (unknownType.Status, unknownType.Code, unknownType.Request));
        var unknownMember = await Assert.ThrowsAsync<ChronicleProblemException>(() => admin.LeaveAsync("akka.tcp://chronicle@127.0.0.1:1"));
        Assert.Equal(ProblemCodes.MemberNotFound, unknownMember.Code);

        var auditor = node.ClientFor(node.Keys.Auditor);
        var chain = await auditor.VerifyChainAsync("ca-1");
        Assert.Equal(("ca-1", true, 1L), (chain.AccountId, chain.Valid, chain.Events));
        var log = await Eventually.Until(() => auditor.GetEventsAsync(limit: 5), page => page.Events.Any(e => e.AggregateId == "ca-1"), Deadline, "ca-1 in the log");
        var created = log.Events.Single(e => e.AggregateId == "ca-1");
        Assert.Equal(("AccountCreated.v1", 1L, "ca-1"), (created.EventType, created.Version, created.EventData.GetProperty("account_id").GetString()));
        Assert.Empty((await auditor.GetEventsAsync(before: created.Sequence, after: created.Sequence - 1)).Events);

        // The operator's key is not the auditor's, nor the other way round.
        Assert.Equal(403, (await Assert.ThrowsAsync<ChronicleProblemException>(() => admin.GetEventsAsync())).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<ChronicleProblemException>(() => auditor.GetProjectorAsync())).Status);
    }

    [Fact]
    public async Task A_webhook_endpoint_is_registered_listed_paused_resumed_logged_replayed_and_deleted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("client_webhooks");
        var node = stack.Node;
        var admin = node.ClientFor(node.Keys.Operator);

        var created = await admin.RegisterWebhookAsync(new RegisterWebhookRequest(receiver.Url.ToString(), ["AccountCreated"]));
        Assert.StartsWith("whsec_", created.Secret);
        var listed = Assert.Single((await admin.ListWebhooksAsync()).Webhooks, w => w.Id == created.Id);
        Assert.Equal((receiver.Url.ToString(), false, 0L), (listed.Url, listed.Paused, listed.DeadLetters));

        await admin.PauseWebhookAsync(created.Id);
        Assert.True(Assert.Single((await admin.ListWebhooksAsync()).Webhooks, w => w.Id == created.Id).Paused);
        await admin.ResumeWebhookAsync(created.Id);
        await admin.ResumeWebhookAsync(created.Id);
        Assert.False(Assert.Single((await admin.ListWebhooksAsync()).Webhooks, w => w.Id == created.Id).Paused);

        await node.CreateAccountAsync("cw-hook");
        var delivered = await Eventually.Until(() => admin.GetWebhookDeliveriesAsync(created.Id, limit: 10), page => page.Deliveries.Count == 1, Deadline,
            "the account's creation delivered");
        Assert.Equal(("AccountCreated", "cw-hook", "delivered", 200), (delivered.Deliveries[0].EventType, delivered.Deliveries[0].AccountId,
            delivered.Deliveries[0].Outcome, delivered.Deliveries[0].StatusCode));
        Assert.Equal((0, 0, 0L), (await admin.ReplayWebhookDeadLettersAsync(created.Id)) is var replay ? (replay.Delivered, replay.Failed, replay.Remaining) : default);

        await admin.DeleteWebhookAsync(created.Id);
        Assert.DoesNotContain((await admin.ListWebhooksAsync()).Webhooks, w => w.Id == created.Id);
        var gone = await Assert.ThrowsAsync<ChronicleProblemException>(() => admin.DeleteWebhookAsync(created.Id));
        Assert.Equal((404, ProblemCodes.WebhookNotFound, $"DELETE /admin/webhooks/{created.Id}"), (gone.Status, gone.Code, gone.Request));
        var refused = await Assert.ThrowsAsync<ChronicleProblemException>(() =>
            admin.RegisterWebhookAsync(new RegisterWebhookRequest(receiver.Url.ToString(), ["NoSuchEvent"])));
        Assert.Equal((400, ProblemCodes.ValidationFailed), (refused.Status, refused.Code));
        Assert.Contains("event_types", refused.Problem.Errors!.Keys);
    }
}
