using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Dashboard;
using Chronicle.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.Playwright;

namespace Chronicle.Tests.Api;

/// <summary>
/// GET /openapi/v1.json against the node it describes: a valid OpenAPI 3.1 document with every route the node maps,
/// the roles and the problems of each, and request bodies and query parameters that are the ones the routes read.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class OpenApiDocumentTests(LedgerFixture fixture)
{
    private const string DocumentRoute = "/openapi/v1.json";
    private const string ReferenceRoute = "/scalar";

    /// <summary>A value for each path parameter, so that a route runs as far as its query and body checks.</summary>
    private static readonly Dictionary<string, string> PathValues = new()
    {
        ["accountId"] = "doc-a",
        ["transferId"] = "doc-t",
        ["typeName"] = "account",
        ["id"] = "wh_000000000000000000000000",
        ["file"] = "main.js",
    };

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_1_and_names_every_route_with_its_roles_and_problems()
    {
        await using var stack = await fixture.StartReadSideAsync("openapi_routes");
        var node = stack.Node;
        var (text, document) = await ReadDocumentAsync(node);

        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Empty(read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());

        var endpoints = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        // Only the document and its reference page are left out of it.
        var excluded = endpoints.Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }).ToList();
        Assert.All(excluded, e => Assert.True(e.RoutePattern.RawText == DocumentRoute || e.RoutePattern.RawText!.StartsWith(ReferenceRoute), e.DisplayName));
        var described = endpoints.Except(excluded).ToList();
        Assert.True(described.Count > 30, $"{described.Count} routes");

        foreach (var endpoint in described)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                var name = $"{method} {endpoint.RoutePattern.RawText}";
                var operation = document["paths"]?[endpoint.RoutePattern.RawText!]?[method.ToLowerInvariant()]
                                ?? throw new Xunit.Sdk.XunitException($"{name} is not in the document");
                var responses = operation["responses"]!.AsObject();
                Assert.Contains(responses, r => r.Key.StartsWith('2'));
                var problems = ProblemCodes(responses);
                Assert.True(problems.Count > 0, $"{name} documents no problem");
                Assert.All(problems, p => Assert.NotEmpty(p.Value));
                Assert.Contains("rate_limited", problems[429]);

                var roles = RolesOf(endpoint);
                Assert.Equal(roles, (operation["x-required-role"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Order());
                Assert.Equal(roles.Count > 0, operation["security"] is JsonArray { Count: 1 });
                Assert.Equal(roles.Count > 0, problems.TryGetValue(401, out var unauthorized) && unauthorized.Contains("unauthorized"));
                Assert.Equal(roles.Count > 0, problems.TryGetValue(403, out var forbidden) && forbidden.Contains("forbidden"));
            }
        }
    }

    [Fact]
    public async Task Each_documented_problem_is_the_one_its_route_answers()
    {
        await using var stack = await fixture.StartReadSideAsync("openapi_answers");
        var node = stack.Node;
        await node.CreateAccountAsync("doc-a", "10");
        var (_, document) = await ReadDocumentAsync(node);

        await AssertDocumentedAsync(document, "POST", "/commands/deposit", await node.HttpWith(null).PostAsJsonAsync("/commands/deposit", new { }));
        await AssertDocumentedAsync(document, "POST", "/commands/deposit", await node.Auditor.PostAsJsonAsync("/commands/deposit", new { }));
        await AssertDocumentedAsync(document, "POST", "/commands/deposit", await node.PostAsync("/commands/deposit", new { account_id = "nobody", amount = "1" }));
        await AssertDocumentedAsync(document, "POST", "/commands/withdraw", await node.PostAsync("/commands/withdraw", new { account_id = "doc-a", amount = "11" }));
        await AssertDocumentedAsync(document, "POST", "/commands/withdraw",
            await node.PostAsync("/commands/withdraw", new { account_id = "doc-a", amount = "1", expected_version = 9 }));
        await AssertDocumentedAsync(document, "POST", "/commands/void-transfer", await node.PostAsync("/commands/void-transfer", new { transfer_id = "none" }));
        await AssertDocumentedAsync(document, "POST", "/commands/transfer",
            await node.PostAsync("/commands/transfer", new { from_account_id = "doc-a", to_account_id = "doc-a", amount = "1" }));
        await AssertDocumentedAsync(document, "POST", "/commands/batch", await node.PostRawAsync("/commands/batch", """{"commands":[]}"""));
        await AssertDocumentedAsync(document, "GET", "/accounts/{accountId}", await node.Http.GetAsync("/accounts/nobody"));
        await AssertDocumentedAsync(document, "GET", "/transfers/{transferId}", await node.Http.GetAsync("/transfers/nobody"));
        await AssertDocumentedAsync(document, "GET", "/admin/sharding/{typeName}", await node.Operator.GetAsync("/admin/sharding/nothing"));
        await AssertDocumentedAsync(document, "DELETE", "/admin/webhooks/{id}", await node.Operator.DeleteAsync("/admin/webhooks/wh_000000000000000000000000"));
        await AssertDocumentedAsync(document, "GET", "/dashboard/{file}", await node.HttpWith(null).GetAsync("/dashboard/none.js"));
        var text = new StringContent("account_id=doc-a", System.Text.Encoding.UTF8, "text/plain");
        await AssertDocumentedAsync(document, "POST", "/commands/deposit", await node.Http.PostAsync("/commands/deposit", text));
    }

    [Fact]
    public async Task Each_header_a_route_answers_with_is_documented_for_that_answer()
    {
        await using var stack = await fixture.StartReadSideAsync("openapi_headers");
        var node = stack.Node;
        await node.CreateAccountAsync("doc-a", "10");
        var (_, document) = await ReadDocumentAsync(node);
        var checkedHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // Every read the document names, as its role: the read-source headers, the dashboard's own.
        foreach (var (path, method, operation) in Operations(document).Where(o => o.Method == "get"))
        {
            var target = PathValues.Aggregate(path, (p, value) => p.Replace("{" + value.Key + "}", value.Value));
            using var response = await CallerOf(node, operation).GetAsync(target, HttpCompletionOption.ResponseHeadersRead);
            checkedHeaders.UnionWith(AssertHeadersDocumented(document, method, path, response));
        }
        // A replayed write, a key refused, a read the node cannot answer without a read model, a rebuild under way.
        var deposit = new { account_id = "doc-a", amount = "1" };
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", deposit, "doc-replay")).StatusCode);
        var replayed = await node.PostAsync("/commands/deposit", deposit, "doc-replay");
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
        checkedHeaders.UnionWith(AssertHeadersDocumented(document, "post", "/commands/deposit", replayed));
        checkedHeaders.UnionWith(AssertHeadersDocumented(document, "post", "/commands/deposit",
            await node.HttpWith(null).PostAsJsonAsync("/commands/deposit", deposit)));
        checkedHeaders.UnionWith(AssertHeadersDocumented(document, "get", "/events", await (await fixture.SharedNodeAsync()).Auditor.GetAsync("/events")));
        checkedHeaders.UnionWith(AssertHeadersDocumented(document, "post", "/admin/rebuild", await node.Operator.PostAsync("/admin/rebuild", null)));

        Assert.Superset(new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Idempotent-Replayed", "Location", "Retry-After", "WWW-Authenticate", "X-Read-Source", "X-Read-Fallback", "Content-Security-Policy",
        }, checkedHeaders);
        // The 429 every route may answer carries Retry-After (RateLimitTests provokes it): documented on each.
        foreach (var (path, method, operation) in Operations(document))
            Assert.True(operation["responses"]!["429"]!["headers"]?["Retry-After"] is not null, $"{method} {path}: 429 without Retry-After");
    }

    [Fact]
    public async Task Each_documented_request_body_is_what_its_route_reads()
    {
        await using var stack = await fixture.StartReadSideAsync("openapi_bodies");
        var node = stack.Node;
        var (_, document) = await ReadDocumentAsync(node);
        var journal = await node.JournalRowsAsync();

        var bodies = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schemaOrReference) continue;
            bodies++;
            var schema = Resolve(document, schemaOrReference);
            var caller = CallerOf(node, operation);
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).Order().ToList();
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).Order().ToList() ?? [];
            Assert.False(schema["additionalProperties"]!.GetValue<bool>(), $"{method} {path} takes other fields");

            // Nothing given: the parser names the fields it requires, as the document does.
            var empty = await ProblemJson.AssertAsync(await SendAsync(caller, method, path, "{}"), 400, "validation_failed");
            Assert.Equal(required, Errors(empty).Keys.Order());

            // Every documented field of the wrong type: the parser knows each of them, and refuses what it does not know.
            var wrong = new JsonObject(properties.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonArray())));
            wrong["not_documented"] = 1;
            var errors = Errors(await ProblemJson.AssertAsync(await SendAsync(caller, method, path, wrong.ToJsonString()), 400, "validation_failed"));
            Assert.Equal(properties.Append("not_documented").Order(), errors.Keys.Order());
            Assert.Equal("is not a known field", errors["not_documented"]);
            Assert.All(properties, p => Assert.NotEqual("is not a known field", errors[p]));
        }
        Assert.Equal(14, bodies);
        Assert.Equal(journal, await node.JournalRowsAsync());
    }

    [Fact]
    public async Task Each_documented_query_parameter_is_one_its_route_reads()
    {
        await using var stack = await fixture.StartReadSideAsync("openapi_queries");
        var node = stack.Node;
        var (_, document) = await ReadDocumentAsync(node);

        var routes = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            var query = operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()).ToList();
            if (method != "get" || query is not { Count: > 0 }) continue;
            routes++;
            var caller = CallerOf(node, operation);
            var target = PathValues.Aggregate(path, (p, value) => p.Replace("{" + value.Key + "}", value.Value));

            // Each documented parameter, empty: refused for its value, not as unknown; an undocumented one is unknown.
            var sent = string.Join("&", query.Select(name => name + "=").Append("not_documented=1"));
            using var response = await caller.GetAsync($"{target}?{sent}", HttpCompletionOption.ResponseHeadersRead);
            var errors = Errors(await ProblemJson.AssertAsync(response, 400, "validation_failed"));
            Assert.Equal("is not a known query parameter", errors["not_documented"]);
            Assert.All(query, name => Assert.Equal("is empty", errors[name]));
        }
        Assert.Equal(10, routes);
    }

    [Fact]
    public async Task Metadata_is_documented_with_its_bounds_on_the_writes_that_take_it_and_on_the_answers_and_filters_that_show_it()
    {
        var (_, document) = await ReadDocumentAsync(await fixture.SharedNodeAsync());
        var schemas = document["components"]!["schemas"]!;

        foreach (var request in new[] { "CreateAccountRequest", "MoneyMovementRequest", "TransferRequest" })
        {
            var metadata = schemas[request]!["properties"]!["metadata"]!;
            Assert.Equal(("object", 20, 40, 500), (metadata["type"]!.GetValue<string>(), metadata["maxProperties"]!.GetValue<int>(),
                metadata["propertyNames"]!["maxLength"]!.GetValue<int>(), metadata["additionalProperties"]!["maxLength"]!.GetValue<int>()));
            Assert.DoesNotContain("metadata", schemas[request]!["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []);
        }
        foreach (var answer in new[] { "AccountResponse", "TransactionItem", "TransferResponse", "BalanceAtResponse", "HoldAtResponse" })
            Assert.Equal("string", schemas[answer]!["properties"]!["metadata"]!["additionalProperties"]!["type"]!.GetValue<string>());
        foreach (var path in new[] { "/accounts", "/accounts/{accountId}/transactions" })
        {
            var filter = document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "metadata")!;
            Assert.Equal(("deepObject", true), (filter["style"]!.GetValue<string>(), filter["explode"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public async Task The_document_and_the_reference_page_need_no_key()
    {
        var anyone = (await fixture.SharedNodeAsync()).HttpWith(null);

        var document = await anyone.GetAsync(DocumentRoute);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);

        var page = await anyone.GetAsync(ReferenceRoute);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(DocumentRoute.TrimStart('/'), html);
        // Its scripts come from the node itself: the page works without reaching any other host.
        foreach (var script in new[] { "scalar.js", "scalar.aspnetcore.js" })
        {
            Assert.Contains($"src=\"{script}\"", html);
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"{ReferenceRoute}/{script}")).StatusCode);
        }
    }

    [Fact]
    public async Task The_reference_page_shows_the_operations_in_a_browser()
    {
        var node = await fixture.SharedNodeAsync();
        await using var browser = await DashboardBrowser.LaunchAsync();

        await browser.Page.GotoAsync(new Uri(node.Url, ReferenceRoute + "/").ToString());

        // The page fetched the document from the node: its description and its first operation.
        await Assertions.Expect(browser.Page.GetByText("An event-sourced banking ledger.").First).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByText("Opens an account, with an opening balance and a currency.").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("scalar");
    }

    private static async Task<(string Text, JsonNode Document)> ReadDocumentAsync(TestNode node)
    {
        var text = await node.HttpWith(null).GetStringAsync(DocumentRoute);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "chronicle-openapi.json"), text);
        return (text, JsonNode.Parse(text)!);
    }

    /// <summary>Asserts <paramref name="response"/> is a problem whose status and code the operation documents.</summary>
    private static async Task AssertDocumentedAsync(JsonNode document, string method, string path, HttpResponseMessage response)
    {
        var problem = await ProblemJson.AssertAsync(response, (int)response.StatusCode);
        AssertHeadersDocumented(document, method, path, response);
        var code = problem.GetProperty("code").GetString()!;
        var documented = ProblemCodes(document["paths"]![path]![method.ToLowerInvariant()]!["responses"]!.AsObject());
        Assert.True(documented.TryGetValue((int)response.StatusCode, out var codes) && codes.Contains(code),
            $"{method} {path} answered {(int)response.StatusCode} {code}, which its operation does not document");
    }

    /// <summary>What HTTP itself puts on every answer, not the API: these are not documented per operation.</summary>
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection",
    };

    /// <summary>Asserts that every header of <paramref name="response"/> is one its operation documents for its status; returns those it carried.</summary>
    private static IReadOnlyList<string> AssertHeadersDocumented(JsonNode document, string method, string path, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answer = document["paths"]![path]![method.ToLowerInvariant()]!["responses"]![status]
                     ?? throw new Xunit.Sdk.XunitException($"{method} {path} answered {status}, which its operation does not document");
        var documented = answer["headers"]?.AsObject().Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var carried = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(name => !TransportHeaders.Contains(name)).ToList();
        Assert.All(carried, name => Assert.True(documented.Contains(name), $"{method} {path} answered {status} with {name}, which it does not document"));
        return carried;
    }

    /// <summary>Each problem+json response's status and the codes its schema allows.</summary>
    private static Dictionary<int, IReadOnlyList<string>> ProblemCodes(JsonObject responses) =>
        responses.Where(r => r.Value!["content"]?["application/problem+json"] is not null).ToDictionary(
            r => int.Parse(r.Key),
            r => (IReadOnlyList<string>)[.. r.Value!["content"]!["application/problem+json"]!["schema"]!["allOf"]!.AsArray()
                .SelectMany(part => part!["properties"]?["code"]?["enum"]?.AsArray() ?? []).Select(code => code!.GetValue<string>())]);

    /// <summary>The roles the node admits on the route, from its authorization metadata.</summary>
    private static List<string> RolesOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            ? []
            : [.. endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().SelectMany(a => ApiPolicies.Roles[a.Policy!]).Distinct().Order()];

    private static HttpClient CallerOf(TestNode node, JsonNode operation) =>
        operation["x-required-role"]?[0]?.GetValue<string>() switch
        {
            ApiRoles.Client => node.Http,
            ApiRoles.Auditor => node.Auditor,
            ApiRoles.Operator => node.Operator,
            _ => node.HttpWith(null),
        };

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "delete" or "put" or "patch")
            .Select(o => (path.Key, o.Key, o.Value!)));

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? document["components"]!["schemas"]![reference.Split('/')[^1]]! : schema;

    private static Task<HttpResponseMessage> SendAsync(HttpClient caller, string method, string path, string json) =>
        caller.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

    private static Dictionary<string, string> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString()!);
}
