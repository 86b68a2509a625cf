using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>The groups the document shows its operations in, in this order.</summary>
internal static class ApiTags
{
    public const string Commands = "Commands";
    public const string Queries = "Queries";
    public const string Dashboard = "Dashboard";
    public const string Admin = "Admin";
    public const string Operations = "Operations";

    public static readonly IReadOnlyList<OpenApiTag> All =
    [
        new() { Name = Commands, Description = "The writes: each its own route, or many in one batch. Every write takes an `Idempotency-Key`." },
        new() { Name = Queries, Description = "Accounts, transfers, their history and the audit log: from the read model, or the ledger itself where a route says so." },
        new() { Name = Dashboard, Description = "The live dashboard's page and the reads it makes besides the queries." },
        new() { Name = Admin, Description = "The operators' routes: the read model's projector, the cluster, webhooks." },
        new() { Name = Operations, Description = "Health, readiness and metrics, for load balancers, orchestrators and Prometheus." },
    ];
}
