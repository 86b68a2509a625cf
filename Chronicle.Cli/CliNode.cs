using System.Net;
using Chronicle.Client;

namespace Chronicle.Cli;

/// <summary>
/// The node as the verbs ask it: Chronicle.Client with one role's key, each call under a deadline. No answer is a
/// <see cref="CliFailure"/> with <see cref="ExitCodes.Unreachable"/>, an error answer (problem+json) one with
/// <see cref="ExitCodes.Failed"/> and the node's own words.
/// </summary>
/// <param name="keyVariable">Where the key came from, named when the node refuses it.</param>
/// <param name="role">The role the key should have, named with it: operator or auditor.</param>
internal sealed class CliNode(Uri url, string key, string keyVariable, string role) : IDisposable
{
    /// <summary>For the quick routes.</summary>
    public static readonly TimeSpan QuickTimeout = TimeSpan.FromSeconds(30);

    /// <summary>For a rebuild (the node stops the projector and empties the read model before it answers) and a replay.</summary>
    public static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(90);

    // The deadline is each call's own (verify has none: it takes as long as the journal is long), not the HttpClient's.
    private readonly ChronicleClient _client = new(new ChronicleClientOptions { BaseAddress = url, ApiKey = key, Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>A call with <see cref="QuickTimeout"/>.</summary>
    public Task<T> AskAsync<T>(Func<ChronicleClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        AskAsync(call, QuickTimeout, cancellationToken);

    /// <summary>A call whose success has no body, with <see cref="QuickTimeout"/>.</summary>
    public Task AskAsync(Func<ChronicleClient, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        AskAsync(async (client, token) =>
        {
            await call(client, token);
            return true;
        }, QuickTimeout, cancellationToken);

    /// <param name="timeout">How long the call may take, its retries included; none when null.</param>
    public async Task<T> AskAsync<T>(Func<ChronicleClient, CancellationToken, Task<T>> call, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        try
        {
            return await call(_client, deadline.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the node at {url}: {e.Message} (is it up? ./chronicle up)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"no answer from the node at {url} within {timeout?.TotalSeconds:0}s");
        }
        catch (ChronicleProblemException problem)
        {
            throw new CliFailure(ExitCodes.Failed, $"{problem.Request}: {Describe(problem)}");
        }
    }

    /// <summary>The node's problem+json in a line ("503 Service unavailable: this node runs no projector ..."), or the bare status.</summary>
    private string Describe(ChronicleProblemException problem)
    {
        // No code: the answer was no problem document (a proxy's page); its status says what there is to say.
        if (problem.Code is null) return $"{problem.Status} {problem.Title}";
        var hint = problem.Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden
            ? $" (is {keyVariable} an {role} key this node knows?)"
            : "";
        return $"{problem.Status} {problem.Title}: {problem.Detail}{hint}";
    }

    public void Dispose() => _client.Dispose();
}
