using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

/// <summary>POST /commands/*: parse strictly, hand the command to the account, map the answer to HTTP.</summary>
internal static class CommandEndpoints
{
    public static void MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/commands").RequireAuthorization(ApiPolicies.Commands);

        commands.MapPost("/create-account", (HttpContext http, LedgerClient ledger) =>
            Execute(http, ledger, (fields, key) => new CreateAccount(
                fields.AccountId("account_id"),
                fields.RequiredString("owner_name", AccountDecider.MaxOwnerNameLength),
                fields.Amount("initial_balance", required: false, allowZero: true),
                fields.CurrencyCode("currency"),
                key)));

        commands.MapPost("/deposit", (HttpContext http, LedgerClient ledger) =>
            Execute(http, ledger, (fields, key) => new DepositMoney(
                fields.AccountId("account_id"),
                fields.Amount("amount", required: true, allowZero: false),
                fields.OptionalString("description", AccountDecider.MaxDescriptionLength),
                ExpectedVersion(fields),
                key)));

        commands.MapPost("/withdraw", (HttpContext http, LedgerClient ledger) =>
            Execute(http, ledger, (fields, key) => new WithdrawMoney(
                fields.AccountId("account_id"),
                fields.Amount("amount", required: true, allowZero: false),
                fields.OptionalString("description", AccountDecider.MaxDescriptionLength),
                ExpectedVersion(fields),
                key)));

        commands.MapPost("/freeze-account", (HttpContext http, LedgerClient ledger) =>
            Execute(http, ledger, (fields, key) => new FreezeAccount(
                fields.AccountId("account_id"),
                fields.OptionalString("reason", AccountDecider.MaxDescriptionLength),
                ExpectedVersion(fields),
                key)));

        commands.MapPost("/unfreeze-account", (HttpContext http, LedgerClient ledger) =>
            Execute(http, ledger, (fields, key) => new UnfreezeAccount(fields.AccountId("account_id"), ExpectedVersion(fields), key)));

        commands.MapPost("/close-account", (HttpContext http, LedgerClient ledger) =>
            Execute(http, ledger, (fields, key) => new CloseAccount(
                fields.AccountId("account_id"),
                fields.OptionalString("reason", AccountDecider.MaxDescriptionLength),
                ExpectedVersion(fields),
                key)));
    }

    /// <summary>Every account write but creation takes the client's optimistic lock (AccountDecider checks it).</summary>
    private static long? ExpectedVersion(JsonFields fields) => fields.OptionalInt64("expected_version", 0, long.MaxValue);

    private static async Task<IResult> Execute(HttpContext http, LedgerClient ledger, Func<JsonFields, string?, IAccountCommand> parse)
    {
        var (command, problem) = await CommandRequest.ReadAsync(http.Request, parse);
        if (command is null) return problem!;

        var answer = await ledger.AskAsync(command, http.RequestAborted);
        return answer switch
        {
            WriteAccepted accepted => Accepted(http, command, accepted),
            CommandRejected rejected => Problems.FromRejection(rejected),
            _ => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
        };
    }

    private static IResult Accepted(HttpContext http, IAccountCommand command, WriteAccepted accepted)
    {
        if (accepted.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        if (command is CreateAccount)
            return Results.Json(new AccountCreatedResponse(true, accepted.EventId, accepted.AccountId, accepted.Version),
                ApiJsonContext.Api.AccountCreatedResponse, statusCode: StatusCodes.Status201Created);
        if (command is FreezeAccount or UnfreezeAccount or CloseAccount)
            return Results.Json(new StatusChangedResponse(true, accepted.Version), ApiJsonContext.Api.StatusChangedResponse);

        var balance = Currency.Find(accepted.CurrencyCode).Format(accepted.BalanceMinorUnits);
        return Results.Json(new MoneyMovedResponse(true, accepted.EventId, accepted.Version, balance),
            ApiJsonContext.Api.MoneyMovedResponse, statusCode: StatusCodes.Status201Created);
    }
}
