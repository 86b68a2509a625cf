using System.Collections.Frozen;
using System.Reflection;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// The dashboard's page and its modules (Site/, embedded in this assembly, so the node serves them
/// wherever it runs): GET / and GET /dashboard/{file}. They hold no data, so they need no key; the
/// page asks for one and sends it with every request it makes. The Content-Security-Policy lets the
/// page load and call nothing but this node: no CDN, no external font, no inline script.
/// </summary>
internal static class DashboardSite
{
    public const string AssetPrefix = "/dashboard";

    private const string ResourcePrefix = "Chronicle.Gateway.Dashboard.Site.";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary();

    /// <summary>File name → content, read once: a handful of small files.</summary>
    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    public static void MapDashboardSite(this IEndpointRouteBuilder routes)
    {
        // No key: the page asks for one before it reads anything.
        var site = routes.MapGroup("").AllowAnonymous().WithTags(ApiTags.Dashboard)
            .WithHeader(ResponseHeaders.ContentSecurityPolicy, StatusCodes.Status200OK)
            .WithHeader(ResponseHeaders.ContentTypeOptions, StatusCodes.Status200OK)
            .WithHeader(ResponseHeaders.CacheControl, StatusCodes.Status200OK);
        site.MapGet("/", () => Serve("index.html")).WithName("getDashboardPage").Produces(StatusCodes.Status200OK, typeof(string), "text/html").WithSummary("The live dashboard's page.");
        site.MapGet(AssetPrefix + "/{file}", (string file) => Serve(file))
            .Produces(StatusCodes.Status200OK, typeof(string), "text/javascript", "text/css").WithSummary("One of the dashboard page's scripts and styles.")
            .WithProblems(ProblemTypes.NotFound);
    }

    private static IResult Serve(string file) =>
        Files.TryGetValue(file, out var content) ? new AssetResult(content, ContentTypes[Path.GetExtension(file)]) : Results.NotFound();

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardSite).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[ResourcePrefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class AssetResult(byte[] content, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            // A new node version may bring new files: always ask, never guess from a cache.
            headers.CacheControl = "no-cache";
            return Results.Bytes(content, contentType).ExecuteAsync(httpContext);
        }
    }
}
