using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Chronicle.Cli.Simulation;

/// <summary>The simulation's HTTP side: posts commands as a client application does, with its API key when it has one.</summary>
public sealed class LedgerWriter : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Uri _node;

    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; none when null (a node without API keys).</param>
    public LedgerWriter(Uri node, string? apiKey, int connections)
    {
        _node = node;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = node, Timeout = RequestTimeout };
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>Fails with <see cref="ExitCodes.Unreachable"/> when the node does not answer at all.</summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("/healthz", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the node at {_node}: {e.Message} (is it up? ./chronicle up)");
        }
    }

    /// <summary>The answer's status and JSON body; 0 and no body when the request got no answer.</summary>
    public async Task<(int Status, JsonElement? Body)> PostAsync(Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(operation.Json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(operation.Path, content, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new CliFailure(ExitCodes.Failed,
                    $"the node refused the API key ({(int)response.StatusCode}): set {Commands.SimulateCommand.ApiKeyVariable} to a key with the client role");
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ((int)response.StatusCode, text.Length > 0 ? JsonSerializer.Deserialize<JsonElement>(text) : null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (0, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
