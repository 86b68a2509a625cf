namespace Chronicle.Contracts.Admin;

// The cluster admin routes' JSON, for the node that writes it and for Chronicle.Client that reads it (the
// client compiles this very file, as it does AdminResponses.cs). BCL types only, for that reason.

/// <summary>GET /admin/cluster: the membership as the answering node sees it.</summary>
/// <param name="Self">The answering node's address.</param>
/// <param name="Leader">The member that moves others Up and Removed; none while the cluster has no converged view.</param>
/// <param name="Oldest">Per role, its oldest Up member: where that role's singletons run (the ledger's: shard coordinators and the event forwarder; the projector's: the projector).</param>
/// <param name="Members">Every member the answering node knows of.</param>
/// <param name="Unreachable">Members the failure detector gave up on; the split-brain resolver downs them, or an operator does.</param>
public sealed record ClusterResponse(
    string Self,
    string? Leader,
    IReadOnlyDictionary<string, string> Oldest,
    IReadOnlyList<MemberResponse> Members,
    IReadOnlyList<string> Unreachable);

/// <summary>A member of the cluster.</summary>
/// <param name="Address">akka.tcp://chronicle@host:port.</param>
/// <param name="Status">joining, weaklyup, up, leaving, exiting, down, removed.</param>
/// <param name="Roles">Its roles (ledger, gateway, projector).</param>
/// <param name="Reachable">Whether the answering node's failure detector hears from it.</param>
public sealed record MemberResponse(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

/// <summary>POST /admin/cluster/leave and /admin/cluster/down: the member to act on.</summary>
public sealed record MemberRequest(string Address);

/// <summary>202 to a leave or down: the action was handed to the cluster; <c>status</c> is the member's when it was.</summary>
public sealed record MemberActionResponse(string Address, string Action, string Status);

/// <summary>GET /admin/sharding: every sharded entity type and the regions (nodes) hosting its shards.</summary>
public sealed record ShardingResponse(IReadOnlyList<ShardTypeResponse> Types);

/// <summary>One sharded entity type and the regions hosting its shards.</summary>
/// <param name="TypeName">The entity type (account).</param>
/// <param name="Proxy">True when the answering node only proxies this type (it hosts none of its shards).</param>
/// <param name="Shards">Its shards, all regions.</param>
/// <param name="Entities">Its entities in memory, all regions.</param>
/// <param name="Regions">Each node hosting shards of it.</param>
public sealed record ShardTypeResponse(string TypeName, bool Proxy, int Shards, int Entities, IReadOnlyList<RegionResponse> Regions);

/// <summary>The shards of one type on one node.</summary>
/// <param name="Address">The node hosting the region.</param>
/// <param name="Shards">Shards it hosts.</param>
/// <param name="Entities">Entities in memory in them.</param>
/// <param name="FailedShards">Shards that did not answer in time (their entities are not counted).</param>
/// <param name="ShardStats">Per shard, its entities: in GET /admin/sharding/{type} only.</param>
public sealed record RegionResponse(
    string Address,
    int Shards,
    int Entities,
    IReadOnlyList<string> FailedShards,
    IReadOnlyList<ShardStatsResponse>? ShardStats = null);

/// <summary>One shard and its entities in memory.</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="Entities">Its entities in memory.</param>
public sealed record ShardStatsResponse(string ShardId, int Entities);
