using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronicle.Contracts.Admin;

namespace Chronicle.Cli;

/// <summary>
/// The node's /admin routes, typed. No answer is a <see cref="CliFailure"/> with <see cref="ExitCodes.Unreachable"/>,
/// an error answer (problem+json) one with <see cref="ExitCodes.Failed"/> and the node's own words.
/// </summary>
internal sealed class AdminClient(Uri node, string operatorKey) : IDisposable
{
    /// <summary>For the quick routes. verify has none: it takes as long as the journal is long.</summary>
    private static readonly TimeSpan QuickTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The node stops the projector and empties the read model before it answers.</summary>
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http = new()
    {
        BaseAddress = node,
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", operatorKey) },
    };

    public Task<ProjectorReportResponse> ProjectorAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/admin/projector", QuickTimeout, CliJson.Default.ProjectorReportResponse, cancellationToken);

    public Task<VerifyResponse> VerifyAsync(TimeSpan settle, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/admin/verify?settle_seconds={((long)settle.TotalSeconds).ToString(CultureInfo.InvariantCulture)}", null,
            CliJson.Default.VerifyResponse, cancellationToken);

    /// <summary>No timeout either: every account's journal is read.</summary>
    public Task<ChainsResponse> VerifyChainsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/admin/verify-chain", null, CliJson.Default.ChainsResponse, cancellationToken);

    public Task<RebuildAcceptedResponse> RebuildAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/admin/rebuild", RebuildTimeout, CliJson.Default.RebuildAcceptedResponse, cancellationToken);

    /// <param name="entityType">With <paramref name="entityId"/>, the one entity to replay; every held entity when null.</param>
    public Task<DeadLetterReplayResponse> ReplayDeadLettersAsync(string? entityType, string? entityId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, entityType is null
                ? "/admin/dead-letters/replay"
                : $"/admin/dead-letters/replay?entity_type={Uri.EscapeDataString(entityType)}&entity_id={Uri.EscapeDataString(entityId!)}",
            RebuildTimeout, CliJson.Default.DeadLetterReplayResponse, cancellationToken);

    public Task<ClusterResponse> ClusterAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/admin/cluster", QuickTimeout, CliJson.Default.ClusterResponse, cancellationToken);

    /// <param name="action">"leave" or "down": POST /admin/cluster/{action}.</param>
    public Task<MemberActionResponse> ChangeMemberAsync(string action, string address, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/admin/cluster/{action}", QuickTimeout, CliJson.Default.MemberActionResponse, cancellationToken,
            JsonContent.Create(new MemberRequest(address), CliJson.Default.MemberRequest));

    public Task<ShardingResponse> ShardingAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/admin/sharding", QuickTimeout, CliJson.Default.ShardingResponse, cancellationToken);

    public Task<ShardTypeResponse> ShardingStatsAsync(string typeName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"/admin/sharding/{Uri.EscapeDataString(typeName)}", QuickTimeout, CliJson.Default.ShardTypeResponse, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, TimeSpan? timeout, JsonTypeInfo<T> json, CancellationToken cancellationToken,
        HttpContent? body = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(new HttpRequestMessage(method, path) { Content = body }, deadline.Token);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the node at {node}: {e.Message} (is it up? ./chronicle up)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"no answer from {new Uri(node, path)} within {timeout?.TotalSeconds:0}s");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
                return await response.Content.ReadFromJsonAsync(json, cancellationToken)
                       ?? throw new CliFailure(ExitCodes.Failed, $"{method} {path}: empty answer");
            throw new CliFailure(ExitCodes.Failed, $"{method} {path}: {await DescribeAsync(response, cancellationToken)}");
        }
    }

    /// <summary>The node's problem+json in a line ("503 Service unavailable: this node runs no projector ..."), or the bare status.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(CliJson.Default.Problem, cancellationToken);
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $" (is {CliEnvironment.OperatorKeyVariable} an operator key this node knows?)"
                : "";
            return problem is null ? status : $"{problem.Status} {problem.Title}: {problem.Detail}{hint}";
        }
        catch (JsonException)
        {
            return status;
        }
    }

    public void Dispose() => _http.Dispose();
}
