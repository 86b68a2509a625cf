using Chronicle.Actors.Accounts;
using Chronicle.Actors.Money;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Queries;

public sealed record AccountResponse(
    string AccountId,
    string OwnerName,
    string Balance,
    string Currency,
    string Status,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated);

/// <summary>GET /accounts/{id}. Until the read model exists every read is the strong one, from the account itself.</summary>
public static class AccountEndpoints
{
    public const string ReadSourceHeader = "X-Read-Source";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/accounts/{accountId}", async (string accountId, HttpContext http, LedgerClient ledger) =>
        {
            if (!JsonFields.AccountIdPattern().IsMatch(accountId))
                return Problems.Validation("account_id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");

            var answer = await ledger.AskAsync(new GetAccountState(accountId), http.RequestAborted);
            if (answer is CommandRejected rejected) return Problems.FromRejection(rejected);
            var state = ((AccountStateReply)answer).State;
            if (!state.Exists)
                return Problems.FromRejection(new CommandRejected(RejectionCode.AccountNotFound, $"account '{accountId}' does not exist"));

            http.Response.Headers[ReadSourceHeader] = "account";
            return Results.Json(ToResponse(state), ApiJsonContext.Api.AccountResponse);
        });
    }

    public static AccountResponse ToResponse(AccountState state) => new(
        state.AccountId,
        state.OwnerName,
        Currency.Find(state.CurrencyCode).Format(state.BalanceMinorUnits),
        state.CurrencyCode,
        state.Status.ToString().ToLowerInvariant(),
        state.Version,
        state.CreatedAt,
        state.LastUpdated);
}
