using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Chronicle.DevStack;

namespace Chronicle.Bench;

/// <summary>
/// The one HTTP client of the benchmark: a pooled <see cref="SocketsHttpHandler"/> with as many
/// keep-alive connections as workers, pre-serialized bodies and a shared content-type header, and
/// responses drained into a per-worker buffer instead of being buffered as strings. Requests carry the
/// client role's API key; <see cref="Auditor"/> and <see cref="Operator"/> send theirs over the same connections.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>The client that owns the connections and the views with the other roles' keys (itself, for that one).</summary>
    private readonly LoadClient _pool;
    private readonly LoadClient? _auditor, _operator;

    public LoadClient(Uri baseUrl, int connections, StackKeys keys)
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
        _http.DefaultRequestVersion = HttpVersion.Version11;
        _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        _auditor = new LoadClient(this, keys.Auditor);
        _operator = new LoadClient(this, keys.Operator);
    }

    private LoadClient(LoadClient pool, string? key)
    {
        _pool = pool;
        _http = pool._http;
        BaseUrl = pool.BaseUrl;
        _authorization = Bearer(key);
    }

    public Uri BaseUrl { get; }

    /// <summary>The same connections with the auditor's key: time travel (balance-at) is an auditor's read.</summary>
    public LoadClient Auditor => _pool._auditor!;

    /// <summary>The same connections with the operator's key: /admin/rebuild.</summary>
    public LoadClient Operator => _pool._operator!;

    public Uri Route(string path) => new(BaseUrl, path);

    public static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>POSTs a pre-serialized JSON body under a key of its own (<see cref="WriteKeys"/>) and drains the answer; returns the status code.</summary>
    public async Task<int> PostAsync(Uri uri, byte[] body, byte[] drain)
    {
        using var request = Request(HttpMethod.Post, uri, body);
        request.Headers.Add("Idempotency-Key", WriteKeys.Next());
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return await DrainAsync(response, drain).ConfigureAwait(false);
    }

    /// <summary>
    /// POSTs a batch (its commands carry their own keys, the request none) and reads the answer; returns the status
    /// code and how many of its commands were answered 201. A success body never holds a "status" (a problem's is
    /// its error status), so each <c>"status":201</c> is one command's result.
    /// </summary>
    public async Task<(int Status, int Created)> PostBatchAsync(Uri uri, byte[] body)
    {
        using var request = Request(HttpMethod.Post, uri, body);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, CountCreated(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false)));
    }

    private static int CountCreated(byte[] answer)
    {
        var created = 0;
        for (var rest = answer.AsSpan(); rest.IndexOf(Created201) is var at and >= 0; rest = rest[(at + Created201.Length)..]) created++;
        return created;
    }

    private static ReadOnlySpan<byte> Created201 => "\"status\":201"u8;

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

    /// <summary>POSTs and returns status and body text; for set-up calls, where the body matters on failure.</summary>
    public async Task<(int Status, string Body)> PostForTextAsync(Uri uri, byte[] body, string? idempotencyKey = null)
    {
        using var request = Request(HttpMethod.Post, uri, body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public async Task<(int Status, string Body)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, byte[]? json = null)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = _authorization;
        if (json is null) return request;
        request.Content = new ByteArrayContent(json);
        request.Content.Headers.ContentType = JsonContentType;
        return request;
    }

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
