using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Chronicle.Client;
using Chronicle.DevStack;

namespace Chronicle.Bench;

/// <summary>
/// The event feed's throughput (<c>--scenario feed</c>): how fast the node's forwarder moves journal
/// events onto the JetStream stream (docs/EVENT-FEED.md). It writes <c>--events</c> deposits through
/// the API as fast as the node takes them, then watches the stream until it holds every journal
/// event (counted in PostgreSQL), and reports:
/// <list type="bullet">
/// <item>the write rate, and how far the feed was behind when the writes ended;</item>
/// <item>the drain rate: the stream's growth from the end of the writes until it caught up, a
///   backlog forwarded with no write load beside it (when the feed kept up there is no backlog to
///   time; with <c>--events 0</c> it times whatever backlog the stream has, e.g. right after a node start).</item>
/// </list>
/// The stream is read through NATS's monitoring endpoint (<c>/jsz</c>) and the journal with psql:
/// the bench stays BCL only.
/// </summary>
internal static class FeedBench
{
    private const string StreamName = "CHRONICLE_EVENTS";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(BenchOptions options, string runId)
    {
        using var client = new LoadClient(options.Url, options.Connections, StackKeys.FromEnvironment(), options.Traced);
        using var monitor = new HttpClient { BaseAddress = options.NatsMonitorUrl, Timeout = TimeSpan.FromSeconds(10) };

        var stream = await StreamMessagesAsync(monitor);
        var journal = await Psql.JournalEventsAsync(options);
        Console.WriteLine($"feed: stream {StreamName} holds {stream:N0} messages, the journal {journal:N0} events; writing {options.Events:N0} deposits over {options.Accounts:N0} accounts");

        var drainFrom = (Seconds: 0.0, Count: stream);
        var clock = Stopwatch.StartNew();
        if (options.Events > 0)
        {
            var ids = Enumerable.Range(0, Math.Min(options.Accounts, options.Events)).Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-f{i:D5}")).ToArray();
            await LoadRun.ForEachAsync(options.Connections, ids.Length, i => client.WriteAsync(BenchRunner.Account(ids[i], 0m)));

            var writes = Stopwatch.StartNew();
            var startCount = await StreamMessagesAsync(monitor);
            var written = await LoadRun.ForEachAsync(options.Connections, options.Events, i => client.WriteAsync(new DepositRequest(ids[i % ids.Length], 1.00m)));
            var writeSeconds = writes.Elapsed.TotalSeconds;
            var atEnd = await StreamMessagesAsync(monitor);
            journal = await Psql.JournalEventsAsync(options);
            drainFrom = (clock.Elapsed.TotalSeconds, atEnd);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  writes: {written:N0} deposits in {writeSeconds:0.0}s, {written / writeSeconds:N0}/s; meanwhile the stream grew {(atEnd - startCount) / writeSeconds:N0}/s; behind by {journal - atEnd:N0} at the end"));
        }

        var (growing, caughtUp) = await WaitForAsync(monitor, journal, drainFrom.Count, clock);
        // Timed from the first poll that saw the stream grow: a forwarder that is still reconnecting
        // (after NATS was away, or while its node starts) is not forwarding yet.
        var backlog = journal - growing.Count;
        var seconds = caughtUp - growing.Seconds;
        Console.WriteLine(backlog < 1000
            ? "  drain: no backlog to time (the feed kept up)"
            : string.Create(CultureInfo.InvariantCulture, $"  drain: {backlog:N0} events in {seconds:0.0}s: {backlog / seconds:N0} events/s"));
        return 0;
    }

    /// <summary>
    /// Polls the stream until it holds <paramref name="target"/> messages. Returns the poll before
    /// the first one that saw it grow (time and count), and when it reached the target.
    /// </summary>
    private static async Task<((double Seconds, long Count) Growing, double Done)> WaitForAsync(HttpClient monitor, long target, long from, Stopwatch clock)
    {
        var lastReport = clock.Elapsed.TotalSeconds;
        var lastCount = await StreamMessagesAsync(monitor);
        (double Seconds, long Count)? growing = null;
        var previous = (Seconds: lastReport, Count: from);
        var deadline = clock.Elapsed + Deadline;
        while (clock.Elapsed < deadline)
        {
            var count = await StreamMessagesAsync(monitor);
            var now = clock.Elapsed.TotalSeconds;
            if (growing is null && previous.Count >= 0 && (count > previous.Count || count >= target)) growing = previous;
            previous = (now, count);
            if (count >= target) return (growing!.Value, now);
            if (now - lastReport >= 5)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {now:0}s: stream {count:N0} of {target:N0}, {(count - lastCount) / (now - lastReport):N0}/s"));
                (lastReport, lastCount) = (now, count);
            }
            await Task.Delay(PollEvery);
        }
        throw new InvalidOperationException($"the stream did not reach {target:N0} messages within {Deadline}");
    }

    /// <summary>The stream's message count from NATS's monitoring endpoint; 0 when there is no such stream, -1 while NATS is away.</summary>
    private static async Task<long> StreamMessagesAsync(HttpClient monitor)
    {
        string answer;
        try
        {
            answer = await monitor.GetStringAsync("/jsz?streams=true");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return -1;
        }
        using var json = JsonDocument.Parse(answer);
        if (!json.RootElement.TryGetProperty("account_details", out var accounts) || accounts.ValueKind != JsonValueKind.Array) return 0;
        foreach (var account in accounts.EnumerateArray())
        {
            if (!account.TryGetProperty("stream_detail", out var streams) || streams.ValueKind != JsonValueKind.Array) continue;
            foreach (var stream in streams.EnumerateArray())
                if (stream.GetProperty("name").GetString() == StreamName)
                    return stream.GetProperty("state").GetProperty("messages").GetInt64();
        }
        return 0;
    }
}
