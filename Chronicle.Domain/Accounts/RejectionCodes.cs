using System.Collections.Frozen;
using System.Text.Json;

namespace Chronicle.Domain.Accounts;

public static class RejectionCodes
{
    /// <summary>Every code's spelling, converted once: a rejection is answered, counted and recorded by its code.</summary>
    private static readonly FrozenDictionary<RejectionCode, string> SnakeCase =
        Enum.GetValues<RejectionCode>().ToFrozenDictionary(code => code, Convert);

    /// <summary>The code as the API and stored events spell it: InsufficientFunds → "insufficient_funds".</summary>
    public static string ToSnakeCase(RejectionCode code) => SnakeCase.TryGetValue(code, out var name) ? name : Convert(code);

    private static string Convert(RejectionCode code) => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());
}
