using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronicle.Actors.EventStore;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

// The bodies of the transfer writes, bound and documented as AccountRequests.cs says.

/// <summary>POST /commands/transfer.</summary>
internal sealed record TransferRequest(
    [property: AccountId] string FromAccountId,
    [property: AccountId] string ToAccountId,
    [property: Money, Description("Greater than zero, at most the currency's decimal places.")] decimal Amount,
    [property: StringLength(AccountDecider.MaxDescriptionLength, MinimumLength = 1)] string? Description = null,
    [property: AccountId, Description("The client's id for the transfer; without it, the Idempotency-Key's tag (or a random id). Not 'k' and 32 hex digits: those are the gateway's.")]
    string? TransferId = null,
    [property: Description("A hold: the amount leaves the source's available balance and waits, pending at the target, for post-transfer, void-transfer or its timeout.")]
    bool Hold = false,
    [property: Range(1, AccountLimits.MaxHoldTimeoutSeconds), Description("A hold's life in seconds; with \"hold\": true only.")]
    int? TimeoutSeconds = null,
    [property: MetadataField, Description("The transfer's labels, shown on it and on its transactions on both accounts.")]
    ClientMetadata? Metadata = null) : IRequestRules
{
    public IEnumerable<(string Field, string Message)> Refusals()
    {
        if (TransferId is not null && IdempotencyTag.HasTagShape(TransferId))
            yield return (RequestFields.NameOf(nameof(TransferId)), "must not be 'k' and 32 hex digits: ids of that shape are the ones the gateway makes");
        if (TimeoutSeconds is not null && !Hold) yield return (RequestFields.NameOf(nameof(TimeoutSeconds)), "applies to a hold only (\"hold\": true)");
    }
}

/// <summary>POST /commands/post-transfer.</summary>
internal sealed record PostTransferRequest(
    [property: AccountId] string TransferId,
    [property: Money, Description("What the target is credited, up to the amount held; the whole hold when absent. The rest goes back to the source.")]
    decimal? Amount = null);

/// <summary>POST /commands/void-transfer.</summary>
internal sealed record VoidTransferRequest([property: AccountId] string TransferId);
