using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// GET /openapi/v1.json: the API's OpenAPI 3.1 document, made from the mapped routes and their metadata (request and
/// response records, problems, roles) when asked; GET /scalar: Scalar's reference page over it, its script served
/// by the node. Both anonymous: they describe the API and hold no data. docs/API.md.
/// </summary>
internal static class OpenApiHosting
{
    public const string DocumentName = "v1";
    public const string DocumentRoute = "/openapi/" + DocumentName + ".json";
    public const string ReferenceRoute = "/scalar";

    public static IServiceCollection AddChronicleOpenApi(this IServiceCollection services)
    {
        // The schemas are made with the framework's JSON options: the same snake_case, nullability and required
        // fields as the records are written and read with (the routes themselves serialize with ApiJsonContext).
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.RespectRequiredConstructorParameters = true;
            // Numbers as numbers only, as requests are bound (Http/RequestJson; the framework's default also takes them from strings).
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer<DocumentRules>();
            options.AddOperationTransformer<OperationRules>();
            options.AddSchemaTransformer<SchemaRules>();
        });
    }

    public static void MapChronicleOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentRoute).AllowAnonymous();
        app.MapScalarApiReference(ReferenceRoute, options => options.WithTitle("Chronicle API")).AllowAnonymous();
    }
}
