using System.Security.Claims;
using System.Text.Encodings.Web;
using Chronicle.Contracts.Http;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Chronicle.Gateway.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;API key&gt;</c>: the caller is the key's id, in the key's role. It answers
/// the challenge (no or unknown key) with 401 <c>unauthorized</c> and the refusal (wrong role) with 403
/// <c>forbidden</c>, both problem+json. It logs nothing of the header.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0) return Task.FromResult(AuthenticateResult.NoResult());
        if (headers.Count > 1) return Task.FromResult(AuthenticateResult.Fail("send one Authorization header"));

        var header = headers[0] ?? "";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header must be 'Bearer <API key>'"));
        var presented = header[Bearer.Length..].Trim();
        if (presented.Length is 0 or > ApiKey.MaxLength || keys.Find(presented) is not { } key)
            return Task.FromResult(AuthenticateResult.Fail("the API key is not valid (unknown, revoked or mistyped)"));

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(key.Principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Response, Problems.Unauthorized(
            result.Failure?.Message ?? "this route needs an API key: send 'Authorization: Bearer <API key>'"));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var policies = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy) ?? [];
        await Problems.WriteAsync(Response, Forbidden(policies, Context.User));
    }

    /// <summary>
    /// The 403 for a caller whose role none of <paramref name="policies"/> admits; also a batch's answer to each
    /// command its caller may not send (the same as that command's own route gives).
    /// </summary>
    public static Problem Forbidden(IEnumerable<string?> policies, ClaimsPrincipal caller)
    {
        var needed = policies.SelectMany(policy => policy is not null && ApiPolicies.Roles.TryGetValue(policy, out var roles) ? roles : [])
            .Distinct().ToList();
        var role = caller.FindFirstValue(ClaimTypes.Role);
        return Problems.Forbidden($"this route needs the {string.Join(" or ", needed)} role; this key has the {role} role");
    }
}
