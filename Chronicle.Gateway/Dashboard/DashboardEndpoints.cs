namespace Chronicle.Gateway.Dashboard;

/// <summary>The live dashboard (docs/DASHBOARD.md): its page at / and the read routes it uses besides the query API.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        // Public: the page and its modules hold no data.
        app.MapDashboardSite();

        // Reads for auditors: the auditor-role check goes on this group (e.g. .RequireAuthorization(<auditor policy>))
        // and covers every route below at once.
        var reads = app.MapGroup("");
        reads.MapStats();
        reads.MapEventStream();
        reads.MapAccountSearch();
    }
}
