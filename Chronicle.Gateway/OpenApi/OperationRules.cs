using System.Globalization;
using System.Text.Json.Nodes;
using Chronicle.Contracts.Http;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// What every operation of the document says from its route's metadata, the same metadata the node acts on: the
/// role it needs (the route's authorization policies through <see cref="ApiPolicies.Roles"/>, as the authorization
/// itself reads them) with the bearer scheme, and every problem it may answer with: its own
/// (<see cref="RouteProblems"/>) and those of the guards in front of it (SecurityHosting.UseChronicleSecurity,
/// JsonBody), each status with the codes it carries.
/// </summary>
internal sealed class OperationRules : IOpenApiOperationTransformer
{
    /// <summary>The extension naming the roles whose keys the operation admits (any of them).</summary>
    public const string RolesExtension = "x-required-role";


    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var roles = RolesOf(metadata);
        operation.OperationId ??= OperationId(context.Description.HttpMethod!, context.Description.RelativePath!);
        if (roles.Count > 0)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentRules.BearerScheme, document)] = [] }];
            (operation.Extensions ??= new Dictionary<string, IOpenApiExtension>())[RolesExtension] =
                new JsonNodeExtension(new JsonArray([.. roles.Select(role => JsonValue.Create(role))]));
        }
        operation.Description = Join(roles.Count > 0 ? $"Needs an API key with the {string.Join(" or ", roles)} role." : "Needs no API key.",
            operation.Description);

        if (metadata.OfType<JsonBodyOf>().SingleOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await RequestSchemaAsync(body.Record, context, cancellationToken) } },
            };
        }
        await ComponentAsync(typeof(Problem), context, cancellationToken);
        operation.Responses ??= [];
        foreach (var byStatus in ProblemsOf(metadata, guarded: roles.Count > 0).GroupBy(type => type.Status).OrderBy(group => group.Key))
            AddProblems(operation.Responses, byStatus.Key.ToString(CultureInfo.InvariantCulture), [.. byStatus.DistinctBy(type => type.Code)], document);
        AddHeaders(operation.Responses, metadata);
    }

    /// <summary>
    /// The headers each response carries: Retry-After on every 429 and 503 problem (Problems.WriteAsync, CallerRateLimit),
    /// WWW-Authenticate on the 401, and those the route sets itself (<see cref="RouteHeader"/>).
    /// </summary>
    private static void AddHeaders(OpenApiResponses responses, IList<object> metadata)
    {
        IEnumerable<(int Status, ResponseHeader Header)> headers =
        [
            (StatusCodes.Status429TooManyRequests, ResponseHeaders.RetryAfter),
            (StatusCodes.Status503ServiceUnavailable, ResponseHeaders.RetryAfter),
            (StatusCodes.Status401Unauthorized, ResponseHeaders.WwwAuthenticate),
            .. metadata.OfType<RouteHeader>().SelectMany(route => route.Statuses.Select(status => (status, route.Header))),
        ];
        foreach (var (status, header) in headers)
        {
            // Only on the statuses the route answers with.
            if (responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var documented) && documented is OpenApiResponse response)
                (response.Headers ??= new Dictionary<string, IOpenApiHeader>())[header.Name] = header.ToOpenApi();
        }
    }

    /// <summary>The problems of one status as its response, or beside the route's own answer of that status (/readyz's 503).</summary>
    private static void AddProblems(OpenApiResponses responses, string status, IReadOnlyList<ProblemType> types, OpenApiDocument document)
    {
        var problems = Response(types, document);
        if (responses.TryGetValue(status, out var own) && own is OpenApiResponse response)
        {
            response.Description = $"{response.Description}; or a problem, {problems.Description}";
            (response.Content ??= new Dictionary<string, OpenApiMediaType>())[Problems.ContentType] = problems.Content![Problems.ContentType];
        }
        else
        {
            responses[status] = problems;
        }
    }

    /// <summary>
    /// The schema of a body the route reads, as a component: read strictly, it takes no field it does not name (a
    /// batch's commands, which the document describes by their own bodies, aside).
    /// </summary>
    private static async Task<IOpenApiSchema> RequestSchemaAsync(Type record, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var reference = await ComponentAsync(record, context, cancellationToken);
        ((OpenApiSchema)context.Document!.Components!.Schemas![record.Name]).AdditionalPropertiesAllowed = false;
        return reference;
    }

    /// <summary>A reference to <paramref name="type"/>'s schema, added to the document's components when it is not there yet.</summary>
    private static async Task<OpenApiSchemaReference> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent<IOpenApiSchema>(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>The roles any of the route's policies admits; none for a route anyone may call.</summary>
    public static IReadOnlyList<string> RolesOf(IEnumerable<object> metadata) =>
        metadata.OfType<IAllowAnonymous>().Any()
            ? []
            : [.. metadata.OfType<IAuthorizeData>().SelectMany(data => data.Policy is { } policy ? ApiPolicies.Roles[policy] : []).Distinct()];

    /// <summary>The route's own problems, then the guards': every route passes the head limits and the rate limit.</summary>
    private static IEnumerable<ProblemType> ProblemsOf(IList<object> metadata, bool guarded)
    {
        foreach (var type in metadata.OfType<RouteProblems>().SelectMany(problems => problems.Types)) yield return type;
        yield return ProblemTypes.UriTooLong;
        yield return ProblemTypes.HeadersTooLarge;
        // The declared Content-Length is checked on every route, a body or not.
        yield return ProblemTypes.RequestTooLarge;
        yield return ProblemTypes.RateLimited;
        yield return ProblemTypes.InternalError;
        if (guarded)
        {
            yield return ProblemTypes.Unauthorized;
            yield return ProblemTypes.Forbidden;
        }
        if (metadata.OfType<JsonBodyOf>().Any())
        {
            yield return ProblemTypes.ValidationFailed;
            yield return ProblemTypes.UnsupportedMediaType;
        }
        if (!metadata.OfType<DisableRequestTimeoutAttribute>().Any()) yield return ProblemTypes.Unavailable;
    }

    /// <summary>A problem+json answer of one status: the Problem schema, its <c>code</c> one of <paramref name="types"/>'.</summary>
    private static OpenApiResponse Response(IReadOnlyList<ProblemType> types, OpenApiDocument document) => new()
    {
        Description = string.Join("; ", types.Select(type => $"{type.Code}: {type.Title}")),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Problems.ContentType] = new()
            {
                Schema = new OpenApiSchema
                {
                    AllOf =
                    [
                        new OpenApiSchemaReference(nameof(Problem), document),
                        new OpenApiSchema
                        {
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. types.Select(type => (JsonNode)JsonValue.Create(type.Code))] },
                            },
                        },
                    ],
                },
            },
        },
    };

    /// <summary>"POST commands/deposit" → postCommandsDeposit; "GET accounts/{accountId}/events" → getAccountsByAccountIdEvents.</summary>
    private static string OperationId(string method, string path) =>
        method.ToLowerInvariant() + string.Concat(path.Split('/', '-', '.').Where(part => part.Length > 0).Select(part =>
            part.StartsWith('{') ? "By" + Capitalized(part.Trim('{', '}').TrimStart('*')) : Capitalized(part)));

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>A text that says <paramref name="first"/>, then what was said already.</summary>
    public static string Join(string first, string? then) => string.IsNullOrEmpty(then) ? first : first + " " + then;
}
