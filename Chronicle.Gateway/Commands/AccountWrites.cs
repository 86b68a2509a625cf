using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

/// <summary>The writes to one account: parsed strictly, handed to the account, its answer mapped to an HTTP answer.</summary>
internal static class AccountWrites
{
    /// <summary>What every write may be refused with, whatever it is: a bad request, a key used for another, no answer in time.</summary>
    public static readonly IReadOnlyList<ProblemType> AnyWrite =
        [ProblemTypes.ValidationFailed, ProblemTypes.Of(RejectionCode.IdempotencyKeyReused), ProblemTypes.Unavailable];

    /// <summary>What every write to an existing account may be refused with besides (AccountDecider.CheckOpen, CheckVersion).</summary>
    private static readonly IReadOnlyList<ProblemType> ToAnAccount =
    [
        .. AnyWrite, ProblemTypes.Of(RejectionCode.AccountNotFound), ProblemTypes.Of(RejectionCode.AccountClosed),
        ProblemTypes.Of(RejectionCode.VersionConflict),
    ];

    private static readonly CommandKind.Answer Created = new(StatusCodes.Status201Created, typeof(AccountCreatedResponse));
    private static readonly CommandKind.Answer Moved = new(StatusCodes.Status201Created, typeof(MoneyMovedResponse));
    private static readonly CommandKind.Answer Changed = new(StatusCodes.Status200OK, typeof(AccountChangedResponse));

    public static readonly CommandKind Create = CommandKind.Of("create-account", "Opens an account, with an opening balance and a currency.",
        RequestJson.Default.CreateAccountRequest,
        (request, key) => ToAccount(new CreateAccount(request.AccountId, request.OwnerName, request.InitialBalance, request.Currency, key, request.OverdraftLimit,
            request.Metadata)),
        [Created], [.. AnyWrite, ProblemTypes.Of(RejectionCode.AccountExists)]);

    public static readonly CommandKind Deposit = CommandKind.Of("deposit", "Puts money on an account.",
        RequestJson.Default.MoneyMovementRequest,
        (request, key) => ToAccount(new DepositMoney(request.AccountId, request.Amount, request.Description, request.ExpectedVersion, key, request.Metadata)),
        [Moved], [.. ToAnAccount, ProblemTypes.Of(RejectionCode.AccountFrozen)]);

    public static readonly CommandKind Withdraw = CommandKind.Of("withdraw", "Takes money from an account's available balance.",
        RequestJson.Default.MoneyMovementRequest,
        (request, key) => ToAccount(new WithdrawMoney(request.AccountId, request.Amount, request.Description, request.ExpectedVersion, key, request.Metadata)),
        [Moved], [.. ToAnAccount, ProblemTypes.Of(RejectionCode.AccountFrozen), ProblemTypes.Of(RejectionCode.InsufficientFunds)]);

    public static readonly CommandKind Freeze = CommandKind.Of("freeze-account", "Freezes an account: it refuses money in and out until unfrozen.",
        RequestJson.Default.AccountStatusRequest,
        (request, key) => ToAccount(new FreezeAccount(request.AccountId, request.Reason, request.ExpectedVersion, key)),
        [Changed], [.. ToAnAccount, ProblemTypes.Of(RejectionCode.AccountFrozen)]);

    public static readonly CommandKind Unfreeze = CommandKind.Of("unfreeze-account", "Unfreezes a frozen account.",
        RequestJson.Default.UnfreezeAccountRequest,
        (request, key) => ToAccount(new UnfreezeAccount(request.AccountId, request.ExpectedVersion, key)),
        [Changed], [.. ToAnAccount, ProblemTypes.Of(RejectionCode.AccountNotFrozen)]);

    public static readonly CommandKind Close = CommandKind.Of("close-account", "Closes an empty account with nothing in flight; a closed account refuses everything.",
        RequestJson.Default.AccountStatusRequest,
        (request, key) => ToAccount(new CloseAccount(request.AccountId, request.Reason, request.ExpectedVersion, key)),
        [Changed], [.. ToAnAccount, ProblemTypes.Of(RejectionCode.AccountHasPendingTransfers), ProblemTypes.Of(RejectionCode.BalanceNotZero)]);

    public static readonly CommandKind SetLimit = CommandKind.Of("set-overdraft-limit",
        "Sets how far below zero the account's available balance may go (holds included); a limit below what is used already is refused.",
        RequestJson.Default.SetOverdraftLimitRequest,
        (request, key) => ToAccount(new SetOverdraftLimit(request.AccountId, request.OverdraftLimit, request.ExpectedVersion, key)),
        [Changed], [.. ToAnAccount, ProblemTypes.Of(RejectionCode.OverdraftLimitExceeded)]);

    private static ParsedCommand ToAccount(IAccountCommand command) =>
        new([ParsedCommand.Account(command.AccountId)], context => AskAsync(context, command));

    private static async Task<CommandAnswer> AskAsync(CommandContext context, IAccountCommand command) =>
        await context.Ledger.AskAsync(command, context.Aborted) switch
        {
            WriteAccepted accepted => Accepted(command, accepted) with { Replayed = accepted.Replayed },
            CommandRejected rejected => CommandAnswer.Of(rejected),
            var answer => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
        };

    private static CommandAnswer Accepted(IAccountCommand command, WriteAccepted accepted)
    {
        if (command is CreateAccount)
            return CommandAnswer.Of(new AccountCreatedResponse(true, accepted.EventId, accepted.AccountId, accepted.Version),
                ApiJsonContext.Api.AccountCreatedResponse, Created.Status);
        if (command is FreezeAccount or UnfreezeAccount or CloseAccount or SetOverdraftLimit)
            return CommandAnswer.Of(new AccountChangedResponse(true, accepted.Version), ApiJsonContext.Api.AccountChangedResponse, Changed.Status);

        var balance = Currency.Find(accepted.CurrencyCode).Format(accepted.BalanceMinorUnits);
        return CommandAnswer.Of(new MoneyMovedResponse(true, accepted.EventId, accepted.Version, balance),
            ApiJsonContext.Api.MoneyMovedResponse, Moved.Status);
    }
}
