using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronicle.Actors.EventStore;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

// The bodies of the transfer writes, read and documented as AccountRequests.cs says.

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
    ClientMetadata? Metadata = null)
{
    public static TransferRequest Read(JsonFields fields)
    {
        var named = fields.OptionalString("transfer_id", 64, JsonFields.AccountIdPattern(), JsonFields.AccountIdHint);
        if (named is not null && IdempotencyTag.HasTagShape(named))
            fields.Refuse("transfer_id", "must not be 'k' and 32 hex digits: ids of that shape are the ones the gateway makes");
        var from = fields.AccountId("from_account_id");
        var to = fields.AccountId("to_account_id");
        var amount = fields.Amount("amount", required: true, allowZero: false);
        var description = fields.OptionalString("description", AccountDecider.MaxDescriptionLength);
        var hold = fields.OptionalBool("hold") ?? false;
        var timeout = fields.OptionalInt64("timeout_seconds", 1, AccountLimits.MaxHoldTimeoutSeconds);
        if (timeout is not null && !hold) fields.Refuse("timeout_seconds", "applies to a hold only (\"hold\": true)");
        return new TransferRequest(from, to, amount, description, named, hold, (int?)timeout, MetadataFieldAttribute.Read(fields));
    }
}

/// <summary>POST /commands/post-transfer.</summary>
internal sealed record PostTransferRequest(
    [property: AccountId] string TransferId,
    [property: Money, Description("What the target is credited, up to the amount held; the whole hold when absent. The rest goes back to the source.")]
    decimal? Amount = null)
{
    public static PostTransferRequest Read(JsonFields fields)
    {
        var transferId = ReadTransferId(fields);
        // 0 when absent (a zero amount is refused): the whole hold.
        var amount = fields.Amount("amount", required: false, allowZero: false);
        return new PostTransferRequest(transferId, amount == 0 ? null : amount);
    }

    public static string ReadTransferId(JsonFields fields) =>
        fields.RequiredString("transfer_id", 64, JsonFields.AccountIdPattern(), JsonFields.AccountIdHint);
}

/// <summary>POST /commands/void-transfer.</summary>
internal sealed record VoidTransferRequest([property: AccountId] string TransferId)
{
    public static VoidTransferRequest Read(JsonFields fields) => new(PostTransferRequest.ReadTransferId(fields));
}
