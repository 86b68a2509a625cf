using Chronicle.Contracts.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Chronicle.Projector.Consumers;

/// <summary>The feed stream's last sequence: where a rebuild's partitions take over from its load from the journal.</summary>
internal static class FeedStreamHead
{
    /// <summary>The stream's last sequence now; 0 when it has no message or does not exist yet.</summary>
    public static async Task<ulong> ReadAsync(string natsUrl, TimeSpan natsTimeout, CancellationToken cancellationToken)
    {
        await using var connection = new NatsConnection(new NatsOpts
        {
            Url = natsUrl,
            Name = "chronicle-projector-rebuild",
            ConnectTimeout = natsTimeout,
            RequestTimeout = natsTimeout,
            MaxReconnectRetry = 0,
        });
        try
        {
            var stream = await new NatsJSContext(connection).GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
            return stream.Info.State.LastSeq;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return 0;
        }
    }
}
