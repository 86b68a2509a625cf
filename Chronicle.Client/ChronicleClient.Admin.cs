using System.Text.Json;
using Chronicle.Client.Http;
using Chronicle.Contracts.Admin;

namespace Chronicle.Client;

// The operator's routes under /admin (an operator key; docs/OPERATIONS.md, docs/CLUSTER.md). Retried as reads are only
// where a second call changes nothing: the reports and the checks; a rebuild, a replay and a member's removal are sent once.
public sealed partial class ChronicleClient
{
    /// <summary><c>GET /admin/projector</c>: each partition's position and lag, the totals, the dead letters, a rebuild under way.</summary>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<ProjectorReportResponse> GetProjectorAsync(CancellationToken cancellationToken = default) =>
        GetAsync("admin/projector", ClientJson.Default.ProjectorReportResponse, cancellationToken);

    /// <summary>
    /// <c>POST /admin/verify</c>: the read model compared with the journal folded afresh; 409 <c>rebuild_in_progress</c> while a
    /// rebuild runs. It changes nothing, so it is retried as a read; it takes as long as the journal is long, so give this
    /// client a timeout to match.
    /// </summary>
    /// <param name="settleSeconds">How long a row that lags its journal gets to catch up, 0 to 600; the node's default when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<VerifyResponse> VerifyAsync(int? settleSeconds = null, CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, Query("admin/verify", ("settle_seconds", Number(settleSeconds))), retryable: true,
            ClientJson.Default.VerifyResponse, cancellationToken);

    /// <summary><c>POST /admin/verify-chain</c>: every account's hash chain checked against the journal. Changes nothing: retried as a read.</summary>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<ChainsResponse> VerifyChainsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, "admin/verify-chain", retryable: true, ClientJson.Default.ChainsResponse, cancellationToken);

    /// <summary>
    /// <c>POST /admin/rebuild</c>: 202, the read model emptied and projected again; 409 <c>rebuild_in_progress</c> while one runs.
    /// Sent once: after no answer the rebuild may be under way (<see cref="GetProjectorAsync"/> tells).
    /// </summary>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<RebuildAcceptedResponse> RebuildAsync(CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, "admin/rebuild", retryable: false, ClientJson.Default.RebuildAcceptedResponse, cancellationToken);

    /// <summary>
    /// <c>POST /admin/dead-letters/replay</c>: the events the projector quarantined applied again from the journal, for one entity
    /// or every held one. Sent once: what a lost answer's replay released stays released, and the next call shows it.
    /// </summary>
    /// <param name="entityType">With <paramref name="entityId"/>, the one entity (account, transfer); every held entity when both are null.</param>
    /// <param name="entityId">The entity's id, with <paramref name="entityType"/>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<DeadLetterReplayResponse> ReplayDeadLettersAsync(string? entityType = null, string? entityId = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, Query("admin/dead-letters/replay", ("entity_type", entityType), ("entity_id", entityId)), retryable: false,
            ClientJson.Default.DeadLetterReplayResponse, cancellationToken);

    /// <summary><c>GET /admin/cluster</c>: the members as the answering node sees them.</summary>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<ClusterResponse> GetClusterAsync(CancellationToken cancellationToken = default) =>
        GetAsync("admin/cluster", ClientJson.Default.ClusterResponse, cancellationToken);

    /// <summary><c>POST /admin/cluster/leave</c>: 202, the member hands its shards and singletons over, then exits. Sent once.</summary>
    /// <param name="address">The member, <c>akka.tcp://chronicle@host:port</c>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<MemberActionResponse> LeaveAsync(string address, CancellationToken cancellationToken = default) =>
        ChangeMemberAsync("leave", address, cancellationToken);

    /// <summary><c>POST /admin/cluster/down</c>: 202, the member is out at once (for one unreachable or hung). Sent once.</summary>
    /// <param name="address">The member, <c>akka.tcp://chronicle@host:port</c>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<MemberActionResponse> DownAsync(string address, CancellationToken cancellationToken = default) =>
        ChangeMemberAsync("down", address, cancellationToken);

    /// <summary><c>GET /admin/sharding</c>: every sharded entity type and the regions hosting its shards.</summary>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<ShardingResponse> GetShardingAsync(CancellationToken cancellationToken = default) =>
        GetAsync("admin/sharding", ClientJson.Default.ShardingResponse, cancellationToken);

    /// <summary><c>GET /admin/sharding/{type}</c>: one entity type's regions, with each shard's entities.</summary>
    /// <param name="typeName">The entity type, e.g. <c>account</c>.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<ShardTypeResponse> GetShardTypeAsync(string typeName, CancellationToken cancellationToken = default) =>
        GetAsync($"admin/sharding/{Segment(typeName)}", ClientJson.Default.ShardTypeResponse, cancellationToken);

    private Task<MemberActionResponse> ChangeMemberAsync(string action, string address, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, $"admin/cluster/{action}", retryable: false, ClientJson.Default.MemberActionResponse, cancellationToken,
            JsonSerializer.SerializeToUtf8Bytes(new MemberRequest(address), ClientJson.Default.MemberRequest));
}
