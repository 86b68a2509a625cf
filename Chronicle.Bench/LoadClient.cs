using System.Net;
using System.Net.Http.Headers;
using Chronicle.Client;
using Chronicle.DevStack;

namespace Chronicle.Bench;

/// <summary>What one request of a load is: a read (a GET, its answer drained), one write, or a batch of writes.</summary>
internal readonly record struct LoadRequest(Uri? Read, ChronicleCommand? Write, IReadOnlyList<BatchCommand>? Batch)
{
    public static LoadRequest Get(Uri route) => new(route, null, null);

    public static LoadRequest Send(ChronicleCommand command) => new(null, command, null);

    public static LoadRequest BatchOf(IReadOnlyList<BatchCommand> commands) => new(null, null, commands);
}

/// <summary>
/// The one HTTP client of the benchmark: a pooled <see cref="SocketsHttpHandler"/> with as many
/// keep-alive connections as workers. Writes go through Chronicle.Client (<see cref="Ledger"/>), as a client
/// application sends them: each with an Idempotency-Key of its own (<see cref="WriteKeys"/>), sent once (a failure
/// is a figure, not something to hide by retrying). Reads are GETs whose answers are drained into a per-worker buffer
/// instead of being parsed. Requests carry the client role's API key; <see cref="Auditor"/> and <see cref="Operator"/>
/// send theirs over the same connections.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>The client that owns the connections and the views with the other roles' keys (itself, for that one).</summary>
    private readonly LoadClient _pool;
    private readonly LoadClient? _auditor, _operator;

    /// <summary>
    /// W3C trace context of a request its client chose not to sample (flags 00). The node's sampler follows the parent's
    /// decision (docs/TRACING.md), so it records and exports nothing for it: a production node that samples a share of
    /// its requests costs this for the rest.
    /// </summary>
    private const string UnsampledTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    /// <param name="traced">False: every request carries <see cref="UnsampledTraceParent"/>; true: none, so the node traces each.</param>
    public LoadClient(Uri baseUrl, int connections, StackKeys keys, bool traced)
    {
        BaseUrl = baseUrl;
        _pool = this;
        _authorization = Bearer(keys.Client);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // No traceparent headers or Activity per request: nothing here listens to them.
            ActivityHeadersPropagator = null,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.ExpectContinue = false;
        if (!traced) _http.DefaultRequestHeaders.Add("traceparent", UnsampledTraceParent);
        _http.DefaultRequestVersion = HttpVersion.Version11;
        _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        (Ledger, Setup) = (TypedClient(keys.Client, ChronicleRetryPolicy.None), TypedClient(keys.Client, SetupRetry));
        _auditor = new LoadClient(this, keys.Auditor);
        _operator = new LoadClient(this, keys.Operator);
    }

    private LoadClient(LoadClient pool, string? key)
    {
        _pool = pool;
        _http = pool._http;
        BaseUrl = pool.BaseUrl;
        _authorization = Bearer(key);
        (Ledger, Setup) = (TypedClient(key, ChronicleRetryPolicy.None), TypedClient(key, SetupRetry));
    }

    public Uri BaseUrl { get; }

    /// <summary>Chronicle.Client over these connections with this view's key: every write is keyed and sent once.</summary>
    public ChronicleClient Ledger { get; }

    /// <summary>
    /// The same with retries, for set-up writes and reads that must land: a cluster just formed may still be placing its
    /// shards (503), a node busy with the last scenario's backlog may not answer in time.
    /// </summary>
    public ChronicleClient Setup { get; }

    private static readonly ChronicleRetryPolicy SetupRetry = new() { MaxAttempts = 6 };

    /// <summary>The same connections with the auditor's key: time travel (balance-at) is an auditor's read.</summary>
    public LoadClient Auditor => _pool._auditor!;

    /// <summary>The same connections with the operator's key: /admin/rebuild.</summary>
    public LoadClient Operator => _pool._operator!;

    public Uri Route(string path) => new(BaseUrl, path);

    /// <summary>Sends <paramref name="request"/>; returns the status code and how many of its commands were done (201).</summary>
    public async Task<(int Status, int Done)> SendAsync(LoadRequest request, byte[] drain)
    {
        if (request.Read is { } route) return (await GetAsync(route, drain).ConfigureAwait(false), 1);
        if (request.Write is { } command) return (await WriteAsync(command).ConfigureAwait(false), 1);
        return await BatchAsync(request.Batch!).ConfigureAwait(false);
    }

    /// <summary>Sends one write; returns the status it was answered with: 201 (202 for a transfer still running), or the refusal's.</summary>
    public async Task<int> WriteAsync(ChronicleCommand command)
    {
        try
        {
            var result = await Ledger.SendAsync(command).ConfigureAwait(false);
            return result is TransferRecordedResponse { Running: true } ? (int)HttpStatusCode.Accepted : LoadRun.SuccessStatus;
        }
        catch (ChronicleProblemException refused)
        {
            return refused.Status;
        }
    }

    /// <summary>Sends a batch (each command under a key of its own); returns its status and how many of its commands were answered 201.</summary>
    public async Task<(int Status, int Created)> BatchAsync(IReadOnlyList<BatchCommand> commands)
    {
        try
        {
            var answer = await Ledger.BatchAsync(commands).ConfigureAwait(false);
            return ((int)HttpStatusCode.OK, answer.Results.Count(result => result.Status == LoadRun.SuccessStatus));
        }
        catch (ChronicleProblemException refused)
        {
            return (refused.Status, 0);
        }
    }

    /// <summary>GETs and drains the answer; returns the status code.</summary>
    public async Task<int> GetAsync(Uri uri, byte[] drain)
    {
        using var request = Request(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return await DrainAsync(response, drain).ConfigureAwait(false);
    }

    /// <summary>GETs and returns status, the X-Read-Source header and the body text.</summary>
    public async Task<(int Status, string? Source, string Body)> GetWithSourceAsync(Uri uri)
    {
        using var request = Request(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        var source = response.Headers.TryGetValues("X-Read-Source", out var values) ? values.FirstOrDefault() : null;
        return ((int)response.StatusCode, source, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>POSTs no body and returns status and body text: /admin/rebuild, where the body matters on failure.</summary>
    public async Task<(int Status, string Body)> PostForTextAsync(Uri uri)
    {
        using var request = Request(HttpMethod.Post, uri);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public async Task<(int Status, string Body)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri) => new(method, uri) { Headers = { Authorization = _authorization } };

    private ChronicleClient TypedClient(string? key, ChronicleRetryPolicy retry) =>
        new(_http, new ChronicleClientOptions { BaseAddress = BaseUrl, ApiKey = key, Retry = retry, NewIdempotencyKey = WriteKeys.Next });

    private static AuthenticationHeaderValue? Bearer(string? key) => string.IsNullOrEmpty(key) ? null : new AuthenticationHeaderValue("Bearer", key);

    private static async Task<int> DrainAsync(HttpResponseMessage response, byte[] drain)
    {
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (await stream.ReadAsync(drain).ConfigureAwait(false) > 0)
            {
            }
        }
        return (int)response.StatusCode;
    }

    public void Dispose()
    {
        if (_pool == this) _http.Dispose();
    }
}
