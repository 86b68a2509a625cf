using Microsoft.AspNetCore.Authorization;

namespace Chronicle.Gateway.Security;

/// <summary>
/// The authorization policies routes and route groups require, and the roles each admits: the one table
/// of who may call what (docs/SECURITY.md shows it per route). A new route or group takes one of these
/// with <c>.RequireAuthorization(ApiPolicies.X)</c>, or <c>.AllowAnonymous()</c>.
/// </summary>
public static class ApiPolicies
{
    /// <summary>POST /commands/*: the writes.</summary>
    public const string Commands = "commands";

    /// <summary>An account's or a transfer's state and history.</summary>
    public const string AccountReads = "account-reads";

    /// <summary>The audit log and time travel.</summary>
    public const string Audit = "audit";

    /// <summary>/admin/*.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Roles = new Dictionary<string, IReadOnlyList<string>>
    {
        [Commands] = [ApiRoles.Client],
        [AccountReads] = [ApiRoles.Client, ApiRoles.Auditor],
        [Audit] = [ApiRoles.Auditor],
        [Admin] = [ApiRoles.Operator],
    };

    public static void AddTo(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in Roles)
            options.AddPolicy(policy, builder => builder.RequireAuthenticatedUser().RequireRole(roles));
    }
}
