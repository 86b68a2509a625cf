using System.Text.Json.Serialization;

namespace Chronicle.Contracts.Admin;

// The hash chain's answers (docs/HASH-CHAIN.md), for the node that writes them and Chronicle.Client that reads them
// (it compiles this file, as it does AdminResponses.cs).

/// <summary>
/// One account's hash chain as its journal holds it: GET /accounts/{id}/verify-chain, and each broken chain
/// POST /admin/verify-chain lists.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="Valid">Whether every hash matches.</param>
/// <param name="Events">The account's events in the journal.</param>
/// <param name="Head">
/// The hash of the last event checked: of the account's last event when valid, of the last one before
/// <paramref name="FirstBadVersion"/> when not; null when no such event carries a hash.
/// </param>
/// <param name="UnhashedEvents">The events at the account's start written before events carried a hash: not covered by the chain.</param>
/// <param name="FirstBadVersion">The first version whose hash does not match (or that is missing); absent when valid.</param>
/// <param name="Problem">What is wrong at <paramref name="FirstBadVersion"/> (<c>hash_mismatch</c>, <c>missing_event</c>, <c>unhashed_event</c>, <c>unreadable_event</c>).</param>
public sealed record ChainReport(
    string AccountId,
    bool Valid,
    long Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Head,
    long UnhashedEvents,
    long? FirstBadVersion = null,
    string? Problem = null);

/// <summary>
/// POST /admin/verify-chain: every account's chain checked; <c>invalid</c> lists the first of <c>invalid_total</c> broken
/// ones (at most 1,000).
/// </summary>
public sealed record ChainsResponse(
    bool Valid,
    long AccountsChecked,
    long EventsChecked,
    long UnhashedEvents,
    int InvalidTotal,
    IReadOnlyList<ChainReport> Invalid);
