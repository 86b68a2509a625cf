using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Security;

/// <summary>
/// Every route of a node with its whole read side, called without a key, with bad keys and with each
/// role's key: 401, 403, or the route's own answer, as docs/SECURITY.md's table says. A refused write
/// leaves the journal as it was. The table must name every route the node maps, so a new route
/// cannot go unlisted (nor, then, unprotected).
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class RouteAccessTests(LedgerFixture fixture)
{
    private const string Anyone = "anyone";

    /// <summary>One route: how it is mapped, a request that succeeds for the roles it admits, and that answer's status.</summary>
    private sealed record Route(string Method, string Pattern, string Path, string? Body, int Success, params string[] Roles)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>In order: each write is set up by the ones before it (m-f is frozen, then unfrozen; m-c closed).</summary>
    private static readonly Route[] Routes =
    [
        new("POST", "/commands/create-account", "/commands/create-account", """{"account_id":"m-new","owner_name":"New"}""", 201, ApiRoles.Client),
        new("POST", "/commands/deposit", "/commands/deposit", """{"account_id":"m-a","amount":"5.00"}""", 201, ApiRoles.Client),
        new("POST", "/commands/withdraw", "/commands/withdraw", """{"account_id":"m-a","amount":"1.00"}""", 201, ApiRoles.Client),
        new("POST", "/commands/freeze-account", "/commands/freeze-account", """{"account_id":"m-f"}""", 200, ApiRoles.Client),
        new("POST", "/commands/unfreeze-account", "/commands/unfreeze-account", """{"account_id":"m-f"}""", 200, ApiRoles.Client),
        new("POST", "/commands/close-account", "/commands/close-account", """{"account_id":"m-c"}""", 200, ApiRoles.Client),
        new("POST", "/commands/set-overdraft-limit", "/commands/set-overdraft-limit", """{"account_id":"m-a","overdraft_limit":"10.00"}""", 200, ApiRoles.Client),
        new("POST", "/commands/transfer", "/commands/transfer", """{"from_account_id":"m-a","to_account_id":"m-b","amount":"2.00","transfer_id":"m-t2"}""", 201, ApiRoles.Client),
        new("POST", "/commands/post-transfer", "/commands/post-transfer", """{"transfer_id":"m-h1","amount":"1.00"}""", 200, ApiRoles.Client),
        new("POST", "/commands/void-transfer", "/commands/void-transfer", """{"transfer_id":"m-h2"}""", 200, ApiRoles.Client),
        new("POST", "/commands/batch", "/commands/batch", """{"commands":[{"type":"deposit","account_id":"m-a","amount":"1.00"}]}""", 200, ApiRoles.Client),
        new("GET", "/accounts/{accountId}", "/accounts/m-a", null, 200, ApiRoles.Client, ApiRoles.Auditor),
        new("GET", "/accounts/{accountId}/transactions", "/accounts/m-a/transactions", null, 200, ApiRoles.Client, ApiRoles.Auditor),
        new("GET", "/accounts/{accountId}/events", "/accounts/m-a/events", null, 200, ApiRoles.Client, ApiRoles.Auditor),
        new("GET", "/transfers/{transferId}", "/transfers/m-t1", null, 200, ApiRoles.Client, ApiRoles.Auditor),
        new("GET", "/transfers", "/transfers", null, 200, ApiRoles.Client, ApiRoles.Auditor),
        new("GET", "/accounts", "/accounts?prefix=m-&metadata[k]=v", null, 200, ApiRoles.Client, ApiRoles.Auditor),
        new("GET", "/accounts/{accountId}/balance-at", "/accounts/m-a/balance-at?timestamp=2100-01-01T00:00:00Z", null, 200, ApiRoles.Auditor),
        new("GET", "/accounts/{accountId}/verify-chain", "/accounts/m-a/verify-chain", null, 200, ApiRoles.Auditor),
        new("GET", "/events", "/events", null, 200, ApiRoles.Auditor),
        new("GET", "/stats", "/stats", null, 200, ApiRoles.Auditor),
        new("GET", "/events/stream", "/events/stream?after=0", null, 200, ApiRoles.Auditor),
        new("GET", "/admin/projector", "/admin/projector", null, 200, ApiRoles.Operator),
        new("GET", "/admin/cluster", "/admin/cluster", null, 200, ApiRoles.Operator),
        // Admitted, then refused for the missing address: this test must not make its node leave.
        new("POST", "/admin/cluster/leave", "/admin/cluster/leave", "{}", 400, ApiRoles.Operator),
        new("POST", "/admin/cluster/down", "/admin/cluster/down", "{}", 400, ApiRoles.Operator),
        new("GET", "/admin/sharding", "/admin/sharding", null, 200, ApiRoles.Operator),
        new("GET", "/admin/sharding/{typeName}", "/admin/sharding/account", null, 200, ApiRoles.Operator),
        new("POST", "/admin/webhooks", "/admin/webhooks", """{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited"]}""", 201, ApiRoles.Operator),
        new("GET", "/admin/webhooks", "/admin/webhooks", null, 200, ApiRoles.Operator),
        // Admitted, then not found: ids are the node's to make, and this list is written before the node runs.
        new("GET", "/admin/webhooks/{id}/deliveries", "/admin/webhooks/wh_000000000000000000000000/deliveries", null, 404, ApiRoles.Operator),
        new("DELETE", "/admin/webhooks/{id}", "/admin/webhooks/wh_000000000000000000000000", null, 404, ApiRoles.Operator),
        new("POST", "/admin/webhooks/{id}/pause", "/admin/webhooks/wh_000000000000000000000000/pause", null, 404, ApiRoles.Operator),
        new("POST", "/admin/webhooks/{id}/resume", "/admin/webhooks/wh_000000000000000000000000/resume", null, 404, ApiRoles.Operator),
        new("POST", "/admin/webhooks/{id}/dead-letters/replay", "/admin/webhooks/wh_000000000000000000000000/dead-letters/replay", null, 404,
            ApiRoles.Operator),
        new("POST", "/admin/verify", "/admin/verify?settle_seconds=0", null, 200, ApiRoles.Operator),
        new("POST", "/admin/verify-chain", "/admin/verify-chain", null, 200, ApiRoles.Operator),
        // Before the rebuild (a replay during one is refused); nothing is quarantined, so it releases nothing.
        new("POST", "/admin/dead-letters/replay", "/admin/dead-letters/replay", null, 200, ApiRoles.Operator),
        new("POST", "/admin/rebuild", "/admin/rebuild", null, 202, ApiRoles.Operator),
        new("GET", "/metrics", "/metrics", null, 200, ApiRoles.Operator),
        new("GET", "/", "/", null, 200, Anyone),
        new("GET", "/dashboard/{file}", "/dashboard/main.js", null, 200, Anyone),
        new("GET", "/healthz", "/healthz", null, 200, Anyone),
        new("GET", "/readyz", "/readyz", null, 200, Anyone),
        new("GET", "/openapi/v1.json", "/openapi/v1.json", null, 200, Anyone),
        new("GET", "/scalar/{documentName?}", "/scalar/", null, 200, Anyone),
        new("GET", "/scalar/scalar.js", "/scalar/scalar.js", null, 200, Anyone),
        new("GET", "/scalar/scalar.aspnetcore.js", "/scalar/scalar.aspnetcore.js", null, 200, Anyone),
        new("GET", "/scalar/favicon.svg", "/scalar/favicon.svg", null, 200, Anyone),
    ];

    [Fact]
    public async Task Every_route_answers_401_without_a_valid_key_403_to_a_wrong_role_and_serves_its_roles()
    {
        await using var stack = await fixture.StartReadSideAsync("route_access");
        var node = stack.Node;
        await node.CreateAccountAsync("m-a", "100");
        foreach (var id in new[] { "m-b", "m-f", "m-c" }) await node.CreateAccountAsync(id);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "m-a", to_account_id = "m-b", amount = "1.00", transfer_id = "m-t1" })).StatusCode);
        foreach (var hold in new[] { "m-h1", "m-h2" })
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
                new { from_account_id = "m-a", to_account_id = "m-b", amount = "1.00", transfer_id = hold, hold = true })).StatusCode);

        var roles = new Dictionary<string, HttpClient>
        {
            [ApiRoles.Client] = node.Http,
            [ApiRoles.Auditor] = node.Auditor,
            [ApiRoles.Operator] = node.Operator,
        };
        var noValidKey = new[]
        {
            node.HttpWith(null),
            node.HttpWith(TestApiKeys.NewKey()),
            node.HttpWith(node.Keys.Client + "x"),
        };
        var basic = node.HttpWith(null);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("client:secret")));

        foreach (var route in Routes)
        {
            await Eventually.Until(() => JournalSql.TransfersInFlightAsync(stack.EventStore), n => n == 0, TimeSpan.FromSeconds(30),
                "every transfer so far recorded its outcome");
            var journal = await JournalSql.LedgerRowsAsync(stack.EventStore);
            if (route.Roles is not [Anyone])
            {
                foreach (var caller in noValidKey.Append(basic))
                {
                    var refused = await SendAsync(caller, route);
                    await ProblemJson.AssertAsync(refused, 401, "unauthorized");
                    Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
                }
                foreach (var (role, caller) in roles.Where(r => !route.Roles.Contains(r.Key)))
                {
                    var refused = await ProblemJson.AssertAsync(await SendAsync(caller, route), 403, "forbidden");
                    Assert.Contains($"this key has the {role} role", refused.GetProperty("detail").GetString());
                }
                Assert.Equal(journal, await JournalSql.LedgerRowsAsync(stack.EventStore));
            }

            var admitted = route.Roles is [Anyone] ? roles.Values.Concat(noValidKey) : roles.Where(r => route.Roles.Contains(r.Key)).Select(r => r.Value);
            foreach (var caller in admitted)
            {
                // Disposed at once: the event stream's answer never ends by itself.
                using var response = await SendAsync(caller, route);
                if (route.Success != (int)response.StatusCode)
                    Assert.Fail($"{route}: {await response.DescribeAsync()}");
            }
        }
    }

    [Fact]
    public async Task The_table_names_every_route_the_node_maps_and_each_declares_who_may_call_it()
    {
        await using var stack = await fixture.StartReadSideAsync("route_list");
        var endpoints = stack.Node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var mapped = endpoints.SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"));
        Assert.Equal(Routes.Select(r => $"{r.Method} {r.Pattern}").Order(), mapped.Order());

        foreach (var endpoint in endpoints)
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(anonymous != (policies.Count > 0), $"{endpoint.DisplayName}: anonymous {anonymous}, policies [{string.Join(", ", policies)}]");
            Assert.All(policies, policy => Assert.Contains(policy!, ApiPolicies.Roles.Keys));
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient caller, Route route)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Body is not null) request.Content = new StringContent(route.Body, Encoding.UTF8, "application/json");
        // Headers only: the event stream's body never ends; every other check reads the (finite) body itself.
        return caller.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
