using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>The schemas the document cannot take from a type's shape alone: money in requests, and JSON objects written as they are (<see cref="RawJson"/>).</summary>
internal sealed class SchemaRules : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(MoneyAttribute), inherit: false) == true)
        {
            // A JSON number or a decimal string, as JsonFields.Amount reads it: the string's pattern is the parser's own.
            schema.Type = JsonSchemaType.Number | JsonSchemaType.String | (schema.Type & JsonSchemaType.Null);
            schema.Format = null;
            schema.Pattern = AmountParser.Literal;
            schema.Description = OperationRules.Join("A money amount: a JSON number or a decimal string, read exactly (never as a floating-point number).",
                schema.Description);
        }
        else if (context.JsonTypeInfo.Type == typeof(RawJson))
        {
            schema.Type = JsonSchemaType.Object;
        }
        return Task.CompletedTask;
    }
}
