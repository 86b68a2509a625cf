using System.Globalization;

namespace Chronicle.Cli.Simulation;

/// <summary>What the simulated traffic got from the ledger so far, counted from several requests at once.</summary>
internal sealed class SimulationTally
{
    private readonly long[] _accepted = new long[Enum.GetValues<OperationKind>().Length];
    private readonly long[] _refused = new long[Enum.GetValues<OperationKind>().Length];
    private long _errors;
    private long _unexpected;

    public long Sent => _accepted.Sum() + _refused.Sum() + Interlocked.Read(ref _errors);

    public long Errors => Interlocked.Read(ref _errors);

    public long Accepted(OperationKind kind) => Interlocked.Read(ref _accepted[(int)kind]);

    public long Refused(OperationKind kind) => Interlocked.Read(ref _refused[(int)kind]);

    /// <summary>Refusals of requests that were meant to go through (an account's balance guessed wrong under concurrency, ...).</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    /// <summary>2xx accepted, 4xx refused by the ledger (with a reason), anything else an error.</summary>
    public void Count(Operation operation, Outcome outcome)
    {
        if (outcome == Outcome.Accepted) Interlocked.Increment(ref _accepted[(int)operation.Kind]);
        else if (outcome == Outcome.Refused)
        {
            Interlocked.Increment(ref _refused[(int)operation.Kind]);
            if (operation.Expected) Interlocked.Increment(ref _unexpected);
        }
        else Interlocked.Increment(ref _errors);
    }

    /// <summary>One line: requests and their rate over <paramref name="elapsed"/>, then what each kind got.</summary>
    public string Describe(TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        string Of(OperationKind kind, string name, string refusedAs) =>
            $"{name} {Accepted(kind)}" + (Refused(kind) > 0 ? $" ({Refused(kind)} {refusedAs})" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"{Sent} requests ({Sent / seconds:0.0}/s) · {Of(OperationKind.OpenAccount, "accounts opened", "refused")} · " +
            $"{Of(OperationKind.Deposit, "deposits", "refused")} · {Of(OperationKind.Withdraw, "withdrawals", "refused")} · " +
            $"{Of(OperationKind.Transfer, "transfers", "failed")} · freezes {Accepted(OperationKind.Freeze)} · " +
            $"releases {Accepted(OperationKind.Unfreeze)} · errors {Errors}");
    }
}
