using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Chronicle.Bench;

/// <summary>
/// The one HTTP client of the benchmark: a pooled <see cref="SocketsHttpHandler"/> with as many
/// keep-alive connections as workers, pre-serialized bodies and a shared content-type header, and
/// responses drained into a per-worker buffer instead of being buffered as strings.
/// </summary>
public sealed class LoadClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _http;

    public LoadClient(Uri baseUrl, int connections)
    {
        BaseUrl = baseUrl;
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
    }

    public Uri BaseUrl { get; }

    public Uri Route(string path) => new(BaseUrl, path);

    public static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>POSTs a pre-serialized JSON body and drains the answer; returns the status code.</summary>
    public async Task<int> PostAsync(Uri uri, byte[] body, byte[] drain)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return await DrainAsync(response, drain).ConfigureAwait(false);
    }

    /// <summary>GETs and drains the answer; returns the status code.</summary>
    public async Task<int> GetAsync(Uri uri, byte[] drain)
    {
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return await DrainAsync(response, drain).ConfigureAwait(false);
    }

    /// <summary>GETs and returns status, the X-Read-Source header and the body text.</summary>
    public async Task<(int Status, string? Source, string Body)> GetWithSourceAsync(Uri uri)
    {
        using var response = await _http.GetAsync(uri).ConfigureAwait(false);
        var source = response.Headers.TryGetValues("X-Read-Source", out var values) ? values.FirstOrDefault() : null;
        return ((int)response.StatusCode, source, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>POSTs and returns status and body text; for set-up calls, where the body matters on failure.</summary>
    public async Task<(int Status, string Body)> PostForTextAsync(Uri uri, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public async Task<(int Status, string Body)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

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

    public void Dispose() => _http.Dispose();
}
