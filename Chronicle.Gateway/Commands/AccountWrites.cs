using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

/// <summary>The writes to one account: parsed strictly, handed to the account, its answer mapped to an HTTP answer.</summary>
internal static class AccountWrites
{
    public static readonly CommandKind Create = new("create-account", ApiPolicies.Commands, (fields, key) => ToAccount(new CreateAccount(
        fields.AccountId("account_id"),
        fields.RequiredString("owner_name", AccountDecider.MaxOwnerNameLength),
        fields.Amount("initial_balance", required: false, allowZero: true),
        fields.CurrencyCode("currency"),
        key,
        OverdraftLimit(fields))));

    public static readonly CommandKind Deposit = MovesMoney("deposit",
        (accountId, amount, description, expectedVersion, key) => new DepositMoney(accountId, amount, description, expectedVersion, key));

    public static readonly CommandKind Withdraw = MovesMoney("withdraw",
        (accountId, amount, description, expectedVersion, key) => new WithdrawMoney(accountId, amount, description, expectedVersion, key));

    public static readonly CommandKind Freeze = new("freeze-account", ApiPolicies.Commands, (fields, key) => ToAccount(new FreezeAccount(
        fields.AccountId("account_id"),
        fields.OptionalString("reason", AccountDecider.MaxDescriptionLength),
        ExpectedVersion(fields),
        key)));

    public static readonly CommandKind Unfreeze = new("unfreeze-account", ApiPolicies.Commands, (fields, key) =>
        ToAccount(new UnfreezeAccount(fields.AccountId("account_id"), ExpectedVersion(fields), key)));

    public static readonly CommandKind Close = new("close-account", ApiPolicies.Commands, (fields, key) => ToAccount(new CloseAccount(
        fields.AccountId("account_id"),
        fields.OptionalString("reason", AccountDecider.MaxDescriptionLength),
        ExpectedVersion(fields),
        key)));

    public static readonly CommandKind SetLimit = new("set-overdraft-limit", ApiPolicies.Commands, (fields, key) =>
        ToAccount(new SetOverdraftLimit(fields.AccountId("account_id"), OverdraftLimit(fields, required: true), ExpectedVersion(fields), key)));

    /// <summary>
    /// An overdraft limit, read as an amount that may be zero; its scale and maximum are the account's currency's, which the
    /// account checks (<c>OverdraftRules</c>).
    /// </summary>
    private static decimal OverdraftLimit(JsonFields fields, bool required = false) =>
        fields.Amount("overdraft_limit", required, allowZero: true);

    /// <summary>A deposit or a withdrawal: the same fields, read the same way.</summary>
    private static CommandKind MovesMoney(string type, Func<string, decimal, string?, long?, string?, IAccountCommand> command) =>
        new(type, ApiPolicies.Commands, (fields, key) => ToAccount(command(
            fields.AccountId("account_id"),
            fields.Amount("amount", required: true, allowZero: false),
            fields.OptionalString("description", AccountDecider.MaxDescriptionLength),
            ExpectedVersion(fields),
            key)));

    /// <summary>Every account write but creation takes the client's optimistic lock (AccountDecider checks it).</summary>
    private static long? ExpectedVersion(JsonFields fields) => fields.OptionalInt64("expected_version", 0, long.MaxValue);

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
                ApiJsonContext.Api.AccountCreatedResponse, StatusCodes.Status201Created);
        if (command is FreezeAccount or UnfreezeAccount or CloseAccount or SetOverdraftLimit)
            return CommandAnswer.Of(new AccountChangedResponse(true, accepted.Version), ApiJsonContext.Api.AccountChangedResponse);

        var balance = Currency.Find(accepted.CurrencyCode).Format(accepted.BalanceMinorUnits);
        return CommandAnswer.Of(new MoneyMovedResponse(true, accepted.EventId, accepted.Version, balance),
            ApiJsonContext.Api.MoneyMovedResponse, StatusCodes.Status201Created);
    }
}
