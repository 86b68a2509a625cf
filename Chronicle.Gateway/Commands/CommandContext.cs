using Chronicle.Gateway.Queries.ReadModel;

namespace Chronicle.Gateway.Commands;

/// <summary>What a command runs with: the ledger, the read model (a transfer sent again after it ended), the request's end.</summary>
internal sealed record CommandContext(LedgerClient Ledger, ReadModelGate ReadModel, CancellationToken Aborted)
{
    public static CommandContext Of(HttpContext http) => new(
        http.RequestServices.GetRequiredService<LedgerClient>(),
        http.RequestServices.GetRequiredService<ReadModelGate>(),
        http.RequestAborted);
}
