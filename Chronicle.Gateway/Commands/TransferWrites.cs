using System.Security.Cryptography;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Queries;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// Transfer, post-transfer and void-transfer. A transfer lives on its source account, which records it, asks the
/// target for the credit and answers with the outcome (docs/TRANSFERS.md). The gateway checks all it can before
/// anything is recorded; the source checks the rest (the amount against its currency, its funds).
/// </summary>
internal static class TransferWrites
{
    /// <summary>How long a request sent again after its transfer ended waits for the read model to show how it ended.</summary>
    private static readonly TimeSpan ReadModelPatience = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ReadModelPoll = TimeSpan.FromMilliseconds(100);

    private static readonly CommandKind.Answer Running = new(StatusCodes.Status202Accepted, typeof(TransferRunningResponse));

    /// <summary>
    /// A transfer the target refused (the money back on the source): a 422 whose code is the target's reason, any of
    /// its refusals of a credit or an incoming hold (AccountDecider.Credit, IncomingHoldRules.Open).
    /// </summary>
    private static readonly IReadOnlyList<ProblemType> Failed =
    [
        .. new[]
        {
            RejectionCode.AccountNotFound, RejectionCode.AccountClosed, RejectionCode.AccountFrozen, RejectionCode.CurrencyMismatch,
            RejectionCode.TooManyOpenTransfers, RejectionCode.IdempotencyKeyReused, RejectionCode.ValidationFailed,
        }.Select(code => ProblemTypes.TransferFailed(RejectionCodes.ToSnakeCase(code))),
    ];

    /// <summary>What a post or a void of a hold may be refused with besides.</summary>
    private static readonly IReadOnlyList<ProblemType> OfAHold =
    [
        .. AccountWrites.AnyWrite, .. Failed, ProblemTypes.Of(RejectionCode.TransferNotFound), ProblemTypes.Of(RejectionCode.TransferNotHeld),
        ProblemTypes.Of(RejectionCode.AccountNotFound), ProblemTypes.Of(RejectionCode.AccountClosed),
    ];

    public static readonly CommandKind Transfer = CommandKind.Of("transfer", "Moves money from one account to another, exactly once or not at all; or holds it (\"hold\": true).",
        RequestJson.Default.TransferRequest, ToTransfer,
        [new(StatusCodes.Status201Created, typeof(TransferRecordedResponse)), Running],
        [
            .. AccountWrites.AnyWrite, .. Failed, ProblemTypes.Of(RejectionCode.AccountNotFound), ProblemTypes.Of(RejectionCode.AccountClosed),
            ProblemTypes.Of(RejectionCode.AccountFrozen), ProblemTypes.Of(RejectionCode.SameAccount), ProblemTypes.Of(RejectionCode.TooManyOpenTransfers),
            ProblemTypes.Of(RejectionCode.InsufficientFunds),
        ]);

    public static readonly CommandKind Post = CommandKind.Of("post-transfer", "Posts a hold: credits its target with all of it or part, the rest back to the source.",
        RequestJson.Default.PostTransferRequest,
        (request, key) => ToSource(request.TransferId, source => new PostTransfer(source, request.TransferId, request.Amount, key),
            TransferAnswers.Posted, TransferAnswers.PostedBefore),
        [new(StatusCodes.Status200OK, typeof(TransferPostedResponse)), Running], [.. OfAHold, ProblemTypes.Of(RejectionCode.AmountExceedsHold)]);

    public static readonly CommandKind Void = CommandKind.Of("void-transfer", "Voids a hold: the whole amount is available to its source again.",
        RequestJson.Default.VoidTransferRequest,
        (request, key) => ToSource(request.TransferId, source => new VoidTransfer(source, request.TransferId, key),
            TransferAnswers.Voided, TransferAnswers.VoidedBefore),
        [new(StatusCodes.Status200OK, typeof(TransferVoidedResponse)), Running], OfAHold);

    /// <summary>
    /// The transfer a request names, the key it is sent under, and whether the client named the id (then it must be
    /// bound: <see cref="LedgerClient.SendTransferAsync"/>). Without a transfer_id the id is the Idempotency-Key's tag
    /// (<see cref="IdempotencyTag"/>: a retry finds the same transfer, two callers' equal keys two), or, without a key,
    /// random. Ids of that shape are the gateway's alone: a client naming one could take over a transfer that needs
    /// no binding, so the body may not (<see cref="TransferRequest.Read"/>).
    /// </summary>
    private static ParsedCommand ToTransfer(TransferRequest request, string? key)
    {
        var named = request.TransferId;
        var transferId = named ?? (key is null ? "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : IdempotencyTag.Of(key));
        var (from, to) = (request.FromAccountId, request.ToAccountId);

        // One transfer id, one request: without the client's key, the transfer's own.
        var send = new SendTransfer(from, transferId, to, request.Amount, request.Description, request.Hold, request.TimeoutSeconds,
            key ?? TransferStart.KeyOf(transferId), request.Metadata);
        // The target too: a command after this one on the target must find the credit there.
        return new ParsedCommand([ParsedCommand.Account(from), ParsedCommand.Account(to), ParsedCommand.Transfer(transferId)],
            context => SendAsync(context, send, named: named is not null));
    }

    private static async Task<CommandAnswer> SendAsync(CommandContext context, SendTransfer send, bool named)
    {
        if (send.AccountId == send.ToAccountId)
            return CommandAnswer.Of(new CommandRejected(RejectionCode.SameAccount, "from_account_id and to_account_id must differ"));

        return await context.Ledger.SendTransferAsync(send, named, context.Aborted) switch
        {
            TransferOutcome outcome => TransferAnswers.Sent(outcome),
            TransferNotOpen => await EndedAsync(context, send.TransferId, TransferAnswers.SentBefore),
            CommandRejected rejected => CommandAnswer.Of(rejected),
            var answer => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
        };
    }

    /// <summary>
    /// A post or a void of <paramref name="transferId"/>: sent to the source account the transfer left from, found by
    /// the journal row that opened it. The account answers with the outcome, or, when the same request comes again
    /// after the transfer ended, that it is not open any more: the read model then tells how it ended. Which accounts
    /// it changes is known only then, hence no <see cref="ParsedCommand.Touches"/>.
    /// </summary>
    private static ParsedCommand ToSource(string transferId, Func<string, IAccountCommand> toSource,
        Func<TransferOutcome, CommandAnswer> answered, Func<TransferResponse, CommandAnswer> answeredBefore) =>
        new(null, async context =>
        {
            var (opening, missing) = await context.Ledger.FindTransferOpeningAsync(transferId, context.Aborted);
            if (opening is null) return CommandAnswer.Of(missing!);

            return await context.Ledger.AskAsync(toSource(opening.AccountId), context.Aborted) switch
            {
                TransferOutcome outcome => answered(outcome),
                TransferNotOpen => await EndedAsync(context, transferId, answeredBefore),
                CommandRejected rejected => CommandAnswer.Of(rejected),
                var answer => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
            };
        });

    /// <summary>
    /// A request sent again after its transfer ended: its source no longer knows the outcome, the read model does once
    /// it has projected the end. Waits for that a little (it is usually there at once), then answers 202 like a
    /// transfer still under way: the Location will tell.
    /// </summary>
    private static async Task<CommandAnswer> EndedAsync(CommandContext context, string transferId, Func<TransferResponse, CommandAnswer> answeredBefore)
    {
        var deadline = DateTime.UtcNow + ReadModelPatience;
        while (true)
        {
            var (state, row) = await context.ReadModel.TryQueryAsync(source => TransferQuery.FindAsync(source, transferId, context.Aborted));
            // A row still open is one the projector has not brought up to the end yet.
            if (row is not null && IsEnded(row.Status)) return answeredBefore(row);
            if (state == ReadModelGate.NoReadModel || DateTime.UtcNow + ReadModelPoll > deadline) return TransferAnswers.Running(transferId);
            await Task.Delay(ReadModelPoll, context.Aborted);
        }
    }

    private static bool IsEnded(string status) =>
        status is TransferStatuses.Completed or TransferStatuses.Failed or TransferStatuses.Voided or TransferStatuses.Expired;
}
