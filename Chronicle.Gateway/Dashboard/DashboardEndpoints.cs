using Chronicle.Gateway.Security;
using Chronicle.Gateway.OpenApi;

namespace Chronicle.Gateway.Dashboard;

/// <summary>The live dashboard (docs/DASHBOARD.md): its page at / and the read routes it uses besides the query API.</summary>
internal static class DashboardEndpoints
{

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        // Public: the page and its modules hold no data.
        app.MapDashboardSite();

        // Reads for auditors: totals over every account, the whole event stream. (Its search across accounts is the API's
        // GET /accounts: AccountListEndpoint.)
        var reads = app.MapGroup("").RequireAuthorization(ApiPolicies.Audit).WithTags(ApiTags.Dashboard);
        reads.MapStats();
        reads.MapEventStream();
    }
}
