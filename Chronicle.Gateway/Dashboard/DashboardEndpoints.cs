using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Dashboard;

/// <summary>The live dashboard (docs/DASHBOARD.md): its page at / and the read routes it uses besides the query API.</summary>
internal static class DashboardEndpoints
{
    /// <summary>The document's tag of the dashboard's page and reads.</summary>
    public const string Tag = "Dashboard";

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        // Public: the page and its modules hold no data.
        app.MapDashboardSite();

        // Reads for auditors: totals over every account, the whole event stream, search across accounts.
        var reads = app.MapGroup("").RequireAuthorization(ApiPolicies.Audit).WithTags(Tag);
        reads.MapStats();
        reads.MapEventStream();
        reads.MapAccountSearch();
    }
}
