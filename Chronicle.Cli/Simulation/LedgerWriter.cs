using System.Text.Json;
using Chronicle.Client;

namespace Chronicle.Cli.Simulation;

/// <summary>How the ledger answered one simulated request.</summary>
internal enum Outcome
{
    /// <summary>2xx: done (a transfer may still be running).</summary>
    Accepted,

    /// <summary>4xx: refused, with a reason.</summary>
    Refused,

    /// <summary>A 5xx, or no answer at all.</summary>
    Error,
}

/// <summary>
/// The simulation's HTTP side, through Chronicle.Client: commands as a client application sends them, each with an
/// Idempotency-Key, with its API key when it has one. Each request is sent once (no retries): the tally counts what the
/// node answered to it.
/// </summary>
internal sealed class LedgerWriter : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ChronicleClient _client;
    private readonly Uri _node;

    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; none when null (a node without API keys).</param>
    public LedgerWriter(Uri node, string? apiKey, int connections)
    {
        _node = node;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = node, Timeout = RequestTimeout };
        _client = new ChronicleClient(_http, new ChronicleClientOptions { ApiKey = apiKey, Retry = ChronicleRetryPolicy.None });
    }

    /// <summary>Fails with <see cref="ExitCodes.Unreachable"/> when the node does not answer at all.</summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetHealthAsync(cancellationToken);
        }
        catch (ChronicleProblemException)
        {
            // An answer, if not a happy one: the node is there.
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the node at {_node}: {e.Message} (is it up? ./chronicle up)");
        }
    }

    /// <summary>How the node answered <paramref name="command"/>, and its success body when it took it.</summary>
    public async Task<(Outcome Outcome, CommandResult? Result)> SendAsync(ChronicleCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return (Outcome.Accepted, await _client.SendAsync(command, cancellationToken: cancellationToken));
        }
        catch (ChronicleProblemException refused) when (refused.Status is 401 or 403)
        {
            throw new CliFailure(ExitCodes.Failed,
                $"the node refused the API key ({refused.Status}): set {Commands.SimulateCommand.ApiKeyVariable} to a key with the client role");
        }
        catch (ChronicleProblemException problem)
        {
            return (problem.Status is >= 400 and < 500 ? Outcome.Refused : Outcome.Error, null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (Outcome.Error, null);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }
}
