namespace Chronicle.DevStack;

/// <summary>
/// The API keys a client of the dev stack sends (the bench, the chaos test), one per role, from the
/// environment (never the command line, where ps shows them): ./chronicle sets them from .chronicle/env.
/// </summary>
public sealed record StackKeys(string? Client, string? Auditor, string? Operator)
{
    public static StackKeys FromEnvironment() => new(
        Environment.GetEnvironmentVariable(DevApiKeys.Roles[0].Variable),
        Environment.GetEnvironmentVariable(DevApiKeys.Roles[1].Variable),
        Environment.GetEnvironmentVariable(DevApiKeys.Roles[2].Variable));
}
