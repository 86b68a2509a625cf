using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Ids;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Projector.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// GET /events/stream: the ledger's events as they happen, as server-sent events read from the feed's
/// JetStream stream. Each event's <c>id</c> is its stream sequence, so a client that reconnects (or falls
/// behind, or pauses) asks for <c>?after=</c> that sequence (or sends <c>Last-Event-ID</c>) and misses
/// nothing. Without either it starts with the last <see cref="Backlog"/> events of the feed.
/// <c>?account=</c> keeps one account's events, <c>?type=</c> one type of event.
/// </summary>
internal static class EventStreamEndpoint
{
    public const string Route = "/events/stream";

    /// <summary>Events of the feed a fresh stream starts with, so a new page has something to show.</summary>
    public const int Backlog = 100;

    /// <summary>Sent when nothing else was, so proxies keep the connection and a dead client is noticed.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>What a client should wait before reconnecting (the SSE <c>retry</c> field).</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    /// <summary>Events waiting for a slow client; past this the stream waits for it (JetStream flow control does the rest).</summary>
    private const int Buffered = 256;

    public static RouteHandlerBuilder MapEventStream(this IEndpointRouteBuilder routes)
    {
        // Only on a node with the feed's NATS server (AddDashboard registers them together): looked up once, not on every request.
        var feed = routes.ServiceProvider.GetService<FeedReader>();
        var decoder = routes.ServiceProvider.GetService<FeedEventDecoder>();
        var live = routes.ServiceProvider.GetService<LiveEvents>();
        var route = routes.MapGet(Route, async (HttpContext http, ILoggerFactory logs) =>
        {
            var query = new QueryFields(http.Request.Query);
            var after = query.Cursor("after") ?? LastEventId(http.Request, query);
            var account = query.AccountId("account");
            var type = query.OneOf("type", LiveEvents.Types);
            if (query.Problem() is { } problem) return problem;
            if (feed is null || decoder is null || live is null)
                return Problems.Unavailable($"this node has no event feed ({NodeSettings.EnvironmentNameOf(LedgerOptions.NatsKey)} is not set)");

            StreamReady ready;
            INatsJSConsumer consumer;
            try
            {
                var last = await feed.LastSequenceAsync(http.RequestAborted);
                // A cursor past the end belongs to a stream that was reset: start with what it holds now.
                var from = after is { } cursor ? Math.Min((ulong)cursor, last) + 1 : last > Backlog ? last - Backlog + 1 : 1;
                var subject = account is null ? null : EventFeed.SubjectFor(PersistenceIds.Account(account));
                consumer = await feed.OpenAsync(from, subject, http.RequestAborted);
                ready = new StreamReady(from, last);
            }
            catch (NatsException e)
            {
                return Problems.Unavailable($"the event feed cannot be read now ({e.Message}); retry later");
            }

            var log = logs.CreateLogger(typeof(EventStreamEndpoint).FullName!);
            return Results.ServerSentEvents(StreamAsync(feed, consumer, ready, type, decoder, live, log, http.RequestAborted));
        });
        // A stream is open as long as its client reads it: the request timeout that bounds every answer
        // would cut it mid-stream (the client reconnects, but every 30 s). Heartbeats find dead clients instead.
        route.DisableRequestTimeout();
        return route.Produces(StatusCodes.Status200OK, typeof(LiveEvent), "text/event-stream")
            .WithSummary("The ledger's events as they happen, as server-sent events: a ready event, then one per ledger event (id: its stream sequence), heartbeats.")
            .WithQuery(QueryParameter.Cursor("after", $"Resume after this stream sequence (or send Last-Event-ID); without either, the last {Backlog} events first."),
                QueryParameter.AccountId("account", "Only this account's events."), QueryParameter.OneOf("type", LiveEvents.Types, "Only events of this type."))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.Unavailable)
            .WithHeader(ResponseHeaders.StreamCacheControl, StatusCodes.Status200OK).WithHeader(ResponseHeaders.StreamPragma, StatusCodes.Status200OK)
            .WithHeader(ResponseHeaders.StreamContentEncoding, StatusCodes.Status200OK);
    }

    /// <summary>The standard resume header, for clients that reconnect the EventSource way; a malformed one is a 400 like a bad <c>after</c>.</summary>
    private static long? LastEventId(HttpRequest request, QueryFields query)
    {
        if (request.Headers["Last-Event-ID"] is not [{ } text]) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        query.Reject("Last-Event-ID", "must be the id of an event of this stream (a stream sequence)");
        return null;
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(FeedReader feed, INatsJSConsumer consumer, StreamReady ready, string? type,
        FeedEventDecoder decoder, LiveEvents live, ILogger log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<string>(JsonSerializer.Serialize(ready, ApiJsonContext.Api.StreamReady), "ready") { ReconnectionInterval = Reconnect };

        var items = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(Buffered) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(feed, consumer, type, decoder, live, items.Writer, log, stop.Token);
        var heartbeat = HeartbeatAsync(items.Writer, stop.Token);
        try
        {
            await foreach (var item in items.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pump, heartbeat);
            await feed.CloseAsync(consumer);
        }
    }

    /// <summary>
    /// Feed → live events, in stream order. Ends the response when the feed fails (its consumer's server gone
    /// among others), or when a message of the consumer went missing on the way (its delivery count jumps): the
    /// client resumes from its last id.
    /// </summary>
    private static async Task PumpAsync(FeedReader feed, INatsJSConsumer consumer, string? type, FeedEventDecoder decoder, LiveEvents live,
        ChannelWriter<SseItem<string>> items, ILogger log, CancellationToken cancellationToken)
    {
        try
        {
            ulong delivered = 0;
            await foreach (var message in feed.FollowAsync(consumer, cancellationToken))
            {
                var position = message.Metadata?.Sequence ?? throw new InvalidOperationException("a feed message without its sequence numbers");
                if (position.Consumer != ++delivered)
                    throw new InvalidOperationException($"feed message {delivered} of this stream's consumer went missing (got {position.Consumer})");
                var sequence = position.Stream;
                // The forwarder names the event's type in a header: with ?type=, the events of other types
                // are skipped without decoding them. A message without the header is decoded to tell.
                var eventType = EventTypeOf(message);
                if (type is not null && eventType is not null && eventType != type) continue;
                var feedEvent = decoder.Decode(message.Data, sequence);
                eventType ??= LiveEvents.TypeOf(feedEvent.EventType);
                if (type is not null && eventType != type) continue;
                var shown = await live.FromAsync(feedEvent, eventType, cancellationToken);
                await items.WriteAsync(new SseItem<string>(JsonSerializer.Serialize(shown, ApiJsonContext.Api.LiveEvent))
                {
                    EventId = sequence.ToString(CultureInfo.InvariantCulture),
                }, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            log.LogWarning(e, "live event stream ended by a feed failure; the client resumes from its last event");
        }
        finally
        {
            items.TryComplete();
        }
    }

    /// <summary>The event's type from the feed's <see cref="EventFeed.EventTypeHeader"/>; null without it.</summary>
    private static string? EventTypeOf(INatsJSMsg<byte[]> message) =>
        message.Headers?.TryGetValue(EventFeed.EventTypeHeader, out var values) == true && values is [{ } manifest]
            ? LiveEvents.TypeOf(manifest)
            : null;

    private static async Task HeartbeatAsync(ChannelWriter<SseItem<string>> items, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) items.TryWrite(new SseItem<string>("", "heartbeat"));
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }
}
