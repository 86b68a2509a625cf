namespace Chronicle.Gateway.Security;

/// <summary>
/// What an API key may do. One role per key: a caller that needs two gets two keys.
/// Which routes each role reaches is <see cref="ApiPolicies"/>.
/// </summary>
internal static class ApiRoles
{
    /// <summary>An application moving money: account and transfer commands, account and transfer reads.</summary>
    public const string Client = "client";

    /// <summary>Reads everything (the audit log, time travel included), writes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Runs the node: the /admin routes the CLI uses; no money, no account data.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Client, Auditor, Operator];
}
