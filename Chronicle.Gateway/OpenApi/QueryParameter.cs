using System.Globalization;
using System.Text.Json.Nodes;
using Chronicle.Domain;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// A query parameter a route reads with <see cref="QueryFields"/> (by hand, so the document cannot see it): its name,
/// its values and what it means, for the route's operation. OpenApiDocumentTests checks that each route takes the
/// parameters it documents and refuses others.
/// </summary>
internal sealed record QueryParameter(string Name, OpenApiSchema Schema, string Description, bool Required = false, ParameterStyle? Style = null)
{
    /// <summary>A page size, as <see cref="QueryFields.Limit"/> reads it.</summary>
    public static QueryParameter Limit(int fallback, int max) =>
        new(QueryFields.LimitName, Integer(1, max), $"How many to return: 1-{max}; {fallback} when absent.");

    /// <summary>A position to page from, as <see cref="QueryFields.Cursor"/> reads it.</summary>
    public static QueryParameter Cursor(string name, string description) => new(name, Integer(0, long.MaxValue), description);

    public static QueryParameter OneOf(string name, IReadOnlyList<string> values, string description) =>
        new(name, new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))] }, description);

    public static QueryParameter AccountId(string name, string description) =>
        new(name, new OpenApiSchema { Type = JsonSchemaType.String, Pattern = EntityIds.Pattern }, description);

    /// <summary>
    /// Labels to match, as <see cref="QueryFields.MetadataFilter"/> reads them: <c>metadata[KEY]=VALUE</c> (a deepObject), any
    /// number of keys, all of them matched.
    /// </summary>
    public static QueryParameter Metadata(string description) =>
        new(MetadataFieldAttribute.Name, SchemaRules.MetadataSchema(),
            $"{description} Written metadata[KEY]=VALUE, once per key (at most {ClientMetadata.MaxKeys}); several must all match.", Style: ParameterStyle.DeepObject);

    public static QueryParameter Instant(string name, string description) =>
        new(name, new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }, $"{description}: {IsoInstant.Expected}.", Required: true);

    private static OpenApiSchema Integer(long minimum, long maximum) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int64",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(CultureInfo.InvariantCulture),
    };
}

internal static class QueryParameterExtensions
{
    /// <summary>Documents the query parameters the route reads; any other is refused (400).</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder route, params IReadOnlyList<QueryParameter> parameters) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                var documented = new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = parameter.Required,
                    Description = parameter.Description,
                    Schema = parameter.Schema,
                };
                if (parameter.Style is { } style) (documented.Style, documented.Explode) = (style, true);
                operation.Parameters.Add(documented);
            }
            return Task.CompletedTask;
        });
}
