using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using Chronicle.Contracts.Admin;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;

namespace Chronicle.Gateway.Admin.Cluster;

/// <summary>
/// The operators' routes over cluster membership (what <c>chronicle cluster show | leave | down</c> call):
/// GET /admin/cluster, POST /admin/cluster/leave, POST /admin/cluster/down with <c>{"address": ...}</c>.
/// </summary>
internal static partial class ClusterEndpoints
{
    public const string Route = "/cluster";

    public static void MapClusterEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet(Route, (ActorSystem system) =>
            Results.Json(ClusterReport.Of(Akka.Cluster.Cluster.Get(system)), ApiJsonContext.Api.ClusterResponse))
            .Produces<ClusterResponse>().WithSummary("The cluster as this node sees it: its members, their roles and status, the leader.");

        // Leave: the member hands its shards and singletons over, then exits (its process stops).
        // Only a reachable member can: an unreachable one is downed instead.
        admin.MapPost(Route + "/leave", (HttpContext http, ActorSystem system) =>
            ActAsync(http, system, "leave", (cluster, member) =>
            {
                if (cluster.State.Unreachable.Contains(member))
                    return Problems.Result(Problems.Of(ProblemTypes.MemberUnreachable,
                        $"{member.Address} is unreachable and cannot hand anything over; down it instead (POST {AdminEndpoints.Prefix}{Route}/down)"));
                cluster.Leave(member.Address);
                return null;
            })).WithJsonBody(typeof(MemberRequest)).Produces<MemberActionResponse>(StatusCodes.Status202Accepted)
            .WithSummary("A member hands its shards and singletons over, then leaves the cluster.")
            .WithProblems(ProblemTypes.MemberNotFound, ProblemTypes.MemberUnreachable);

        // Down: the member is out at once; its shards start on the survivors and, if it still runs, it shuts itself down.
        admin.MapPost(Route + "/down", (HttpContext http, ActorSystem system) =>
            ActAsync(http, system, "down", (cluster, member) =>
            {
                cluster.Down(member.Address);
                return null;
            })).WithJsonBody(typeof(MemberRequest)).Produces<MemberActionResponse>(StatusCodes.Status202Accepted)
            .WithSummary("A member is out at once: its shards start on the survivors.")
            .WithProblems(ProblemTypes.MemberNotFound);
    }

    [GeneratedRegex(@"^akka(\.tcp)?://[A-Za-z0-9_-]+@[A-Za-z0-9.:\[\]_-]+:[0-9]{1,5}$")]
    private static partial Regex AddressPattern();

    /// <summary>Reads the member's address, finds the member, applies <paramref name="act"/> (which may refuse with a problem) and answers 202.</summary>
    private static async Task<IResult> ActAsync(HttpContext http, ActorSystem system, string action, Func<Akka.Cluster.Cluster, Member, IResult?> act)
    {
        var (request, problem) = await JsonBody.ReadFieldsAsync(http.Request, fields => fields.Bind(RequestJson.Default.MemberRequest));
        if (request is null) return problem!;
        var text = request.Address;
        // MemberRequest is the clients' contract too, so the address's rule is told here rather than on it.
        if (RequestFields.TextProblem(text, 256, AddressPattern().IsMatch, "a member's address, e.g. akka.tcp://chronicle@127.0.0.1:4052") is { } wrong)
            return Problems.Validation($"address {wrong}", new Dictionary<string, string> { ["address"] = wrong });

        if (!Address.TryParse(text, out var address)) return Problems.Validation($"address '{text}' is not an Akka address");
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address)) is not { } member)
            return Problems.Result(Problems.Of(ProblemTypes.MemberNotFound,
                $"{text} is not a member of the cluster (GET {AdminEndpoints.Prefix}{Route} lists them)"));
        if (act(cluster, member) is { } refused) return refused;
        return Results.Json(new MemberActionResponse(member.Address.ToString(), action, ClusterReport.Status(member)),
            ApiJsonContext.Api.MemberActionResponse, statusCode: StatusCodes.Status202Accepted);
    }
}
