using Chronicle.DevStack;

namespace Chronicle.Chaos.Nemesis;

/// <summary>
/// The nemesis on the stack of <c>./chronicle up --nodes N</c>: a ledger node killed through the AppHost (SIGKILL),
/// NATS and the read model stopped through it, and everything started again with
/// <c>./chronicle up --nodes N</c>, which starts what is missing.
/// </summary>
public sealed class DevStackNemesis(DevStackDriver stack, int ledgerNodes) : INemesis
{
    public IReadOnlyList<string> LedgerNodes { get; } = Enumerable.Range(1, ledgerNodes).Select(n => $"ledger-{n}").ToList();

    public Task KillLedgerAsync(string node) => stack.KillAsync(node);

    public Task RestartLedgerAsync(string node) => stack.UpAsync(ledgerNodes);

    public Task StopBusAsync() => stack.StopAsync("nats");

    public Task StartBusAsync() => stack.UpAsync(ledgerNodes);

    public Task StopReadModelAsync() => stack.StopAsync("postgres-read");

    public Task StartReadModelAsync() => stack.UpAsync(ledgerNodes);
}
