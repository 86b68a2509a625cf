using Akka.Actor;
using Akka.Hosting;
using Chronicle.Contracts.Feed;
using Chronicle.Projector;
using Chronicle.Projector.Webhooks;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Chronicle.Gateway.Admin.Webhooks;

/// <summary>
/// The admin routes' door to webhooks: the endpoints' table in the read model's database, the feed's stream
/// (a new endpoint starts at its end), the dispatcher, told of every change, and a sender of its own for replaying
/// dead letters (the lanes' kind: the same address guard, timeout and signature). Only on a node that knows the read side.
/// </summary>
internal sealed class WebhookAdmin(IRequiredActor<WebhookDispatcher> dispatcher, ProjectorOptions projector, NodeSettings node, NatsConnection bus)
    : IAsyncDisposable
{
    private readonly NpgsqlDataSource _readModel = NpgsqlDataSource.Create(projector.ReadModelConnectionString);

    public WebhookSender Sender { get; } = new(node.Webhooks);

    public WebhookStore Store => new(_readModel);

    public WebhookOptions Options => node.Webhooks;

    /// <summary>
    /// The stream sequence a new endpoint starts after: the stream's last, 0 when there is no stream yet (no event
    /// was ever forwarded); null when NATS does not answer in time, for then where "now" is cannot be known.
    /// </summary>
    public async Task<ulong?> StreamEndAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(projector.NatsTimeout);
        try
        {
            var stream = await new NatsJSContext(bus).GetStreamAsync(EventFeed.StreamName, cancellationToken: deadline.Token);
            return stream.Info.State.LastSeq;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return 0;
        }
        catch (Exception e) when (e is NatsException or TimeoutException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>The dispatcher starts or stops lanes now rather than at its next look (within seconds either way).</summary>
    public void Changed() => dispatcher.ActorRef.Tell(WebhookEndpointsChanged.Instance);

    public ValueTask DisposeAsync()
    {
        Sender.Dispose();
        return _readModel.DisposeAsync();
    }
}
