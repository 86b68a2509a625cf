using System.ComponentModel;
using Chronicle.Domain;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// The schemas the document cannot take from a type's shape alone: money in requests, labels in requests (<see cref="MetadataFieldAttribute"/>:
/// an object of strings, not the shape of <see cref="ClientMetadata"/>), and JSON objects written as they are (<see cref="RawJson"/>).
/// </summary>
internal sealed class SchemaRules : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(MoneyAttribute), inherit: false) == true)
        {
            // A JSON number or a decimal string, as MoneyConverter reads it: the string's pattern is AmountParser's own.
            schema.Type = JsonSchemaType.Number | JsonSchemaType.String | (schema.Type & JsonSchemaType.Null);
            schema.Format = null;
            schema.Pattern = AmountParser.Literal;
            schema.Description = OperationRules.Join("A money amount: a JSON number or a decimal string, read exactly (never as a floating-point number).",
                schema.Description);
        }
        else if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(MetadataFieldAttribute), inherit: false) == true)
        {
            var labels = MetadataSchema();
            schema.Type = labels.Type | (schema.Type & JsonSchemaType.Null);
            schema.Properties = null;
            schema.Required = null;
            schema.AdditionalProperties = labels.AdditionalProperties;
            schema.PropertyNames = labels.PropertyNames;
            schema.MaxProperties = labels.MaxProperties;
            // The property's own description, which the framework does not carry over to a schema of an object's shape.
            var described = context.JsonPropertyInfo.AttributeProvider.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false);
            schema.Description = OperationRules.Join(labels.Description!, described.OfType<DescriptionAttribute>().SingleOrDefault()?.Description);
        }
        else if (context.JsonTypeInfo.Type == typeof(RawJson))
        {
            schema.Type = JsonSchemaType.Object;
        }
        return Task.CompletedTask;
    }

    /// <summary>Labels as <see cref="MetadataConverter"/> reads them: an object of at most so many keys of so many characters to strings.</summary>
    public static OpenApiSchema MetadataSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = $"Labels: at most {ClientMetadata.MaxKeys} keys of 1-{ClientMetadata.MaxKeyLength} characters without '[' or ']', each to a string " +
                      $"of at most {ClientMetadata.MaxValueLength} characters; no control characters in either.",
        MaxProperties = ClientMetadata.MaxKeys,
        PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ClientMetadata.MaxKeyLength, Pattern = "^[^\\[\\]]*$" },
        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ClientMetadata.MaxValueLength },
    };
}
