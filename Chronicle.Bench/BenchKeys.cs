namespace Chronicle.Bench;

/// <summary>
/// The API keys the bench sends, one per role it needs, from the environment (never the command line,
/// where ps shows them): `./chronicle bench` sets them from .chronicle/env.
/// </summary>
public sealed record BenchKeys(string? Client, string? Auditor, string? Operator)
{
    public static BenchKeys FromEnvironment() => new(
        Environment.GetEnvironmentVariable("CHRONICLE_API_KEY"),
        Environment.GetEnvironmentVariable("CHRONICLE_AUDITOR_KEY"),
        Environment.GetEnvironmentVariable("CHRONICLE_OPERATOR_KEY"));
}
