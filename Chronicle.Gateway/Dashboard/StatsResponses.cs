using Chronicle.Contracts.Admin;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// GET /stats: the ledger at a glance. <c>money</c> is absent unless the read model answers and is whole
/// (<c>read_model</c> says why not); <c>events</c> without the feed; <c>projection</c> on a node that runs no projector.
/// </summary>
public sealed record StatsResponse(
    DateTimeOffset At,
    string ReadModel,
    IReadOnlyList<CurrencyTotal>? Money,
    EventRateResponse? Events,
    ProjectionStats? Projection,
    ClusterStats Cluster);

/// <summary>All money held in one currency (the sum of its accounts' balances) and how many accounts hold it.</summary>
public sealed record CurrencyTotal(string Currency, string Total, long Accounts);

/// <param name="OnStream">Events on the feed (its last stream sequence).</param>
/// <param name="PerSecond">Over the last few seconds.</param>
/// <param name="History">One sample a second over the last minutes, oldest first.</param>
public sealed record EventRateResponse(ulong OnStream, double PerSecond, IReadOnlyList<RateSample> History);

public sealed record RateSample(DateTimeOffset At, double PerSecond);

/// <param name="LagMs">How old the newest applied event is while more wait (0 when none waits); absent when unknown.</param>
public sealed record ProjectionStats(long? LagMs, ulong Pending, int Running, int Partitions, bool CaughtUp);

/// <param name="Members">In the order of this node's view of the membership (GET /admin/cluster sorts them by address).</param>
public sealed record ClusterStats(string Self, string? Leader, IReadOnlyList<MemberResponse> Members);
