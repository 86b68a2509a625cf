using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Chronicle.Gateway.Security;

/// <summary>
/// API keys with roles, per-caller rate limits and request limits, in front of every route. Routes
/// (or their groups) say who may call them: <c>.RequireAuthorization(ApiPolicies.X)</c> or <c>.AllowAnonymous()</c>.
/// </summary>
public static class SecurityHosting
{
    public static WebApplicationBuilder AddChronicleSecurity(this WebApplicationBuilder builder, SecuritySettings settings)
    {
        var limits = settings.Limits;
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(ApiPolicies.AddTo);
        builder.Services.AddRateLimiter(options => CallerRateLimit.Configure(options, limits));
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = limits.RequestTimeout,
            WriteTimeoutResponse = http => Problems.WriteAsync(http.Response, Problems.TimedOut(limits.RequestTimeout)),
        });
        builder.WebHost.ConfigureKestrel(kestrel => RequestHeadLimits.ConfigureKestrel(kestrel.Limits, limits));
        // The authentication handler logs every refused request at Information: a flood of bad keys
        // would be a flood of log lines. Refusals are counted by their answers, not logged one by one.
        builder.Logging.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        return builder;
    }

    /// <summary>In this order: head limits, who is calling, their rate, whether they may, how long they get.</summary>
    public static WebApplication UseChronicleSecurity(this WebApplication app)
    {
        // Read the keys file now: a missing or malformed one stops the node at start, not at the first request.
        app.Services.GetRequiredService<ApiKeyRing>();
        var limits = app.Services.GetRequiredService<RequestLimits>();
        app.Use((http, next) => RequestHeadLimits.CheckAsync(http, next, limits));
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        return app;
    }
}
