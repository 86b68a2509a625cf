using System.Text.Json;

namespace Chronicle.Actors.Accounts;

public static class RejectionCodes
{
    /// <summary>The code as the API and stored events spell it: InsufficientFunds → "insufficient_funds".</summary>
    public static string ToSnakeCase(RejectionCode code) => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());
}
