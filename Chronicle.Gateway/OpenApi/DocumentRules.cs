using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Commands.Batch;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// The document's own parts: what the API is, the conventions every route keeps, the bearer scheme the operations
/// name; and a batch's commands, each one of the writes' bodies with its <c>type</c> and <c>idempotency_key</c>.
/// </summary>
internal sealed class DocumentRules : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";

    private const string Conventions = """
        An event-sourced banking ledger. JSON in and out with snake_case fields, UTF-8.

        Money: a request gives an amount as a JSON number or a decimal string, parsed exactly (never through floating
        point), with at most the currency's decimal places; answers give money as decimal strings at the currency's
        scale ("700.00"). Request bodies are read strictly: an unknown field, a field given twice, a wrong type, a
        comment or a trailing comma is a 400 validation_failed naming each field (errors).

        Every write takes an optional `Idempotency-Key` header (1-255 printable ASCII characters): the same key and
        the same request get the original answer again (`Idempotent-Replayed: true`), nothing written twice; the
        same key with another request is 422 `idempotency_key_reused`.

        Every refusal is RFC 9457 application/problem+json with a machine-readable code (listed per status on each
        operation); a 503 carries `Retry-After`. API keys are sent as `Authorization: Bearer <key>`; each key has
        one role, and each operation names the roles it admits (`x-required-role`).
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo { Title = "Chronicle", Version = OpenApiHosting.DocumentName, Description = Conventions };
        document.Tags = new HashSet<OpenApiTag>(ApiTags.All);
        document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "An API key of the node's keys file: `Authorization: Bearer <key>`.",
        });
        var schemas = document.Components!.Schemas!;
        var commands = (OpenApiSchema)((OpenApiSchema)schemas[nameof(BatchRequest)]).Properties![RequestFields.NameOf(nameof(BatchRequest.Commands))];
        commands.Items = new OpenApiSchema { OneOf = [.. CommandKinds.All.Select(kind => BatchCommand(kind, (OpenApiSchema)schemas[kind.Request.Name]))] };
        return Task.CompletedTask;
    }

    /// <summary>One command of a batch: the fields of <paramref name="kind"/>'s body, its type and its own key.</summary>
    private static OpenApiSchema BatchCommand(CommandKind kind, OpenApiSchema body) => new()
    {
        Title = kind.Type,
        Type = JsonSchemaType.Object,
        AdditionalPropertiesAllowed = false,
        Required = new HashSet<string>(body.Required ?? new HashSet<string>()) { BatchItem.TypeField },
        Properties = new Dictionary<string, IOpenApiSchema>(body.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            [BatchItem.TypeField] = new OpenApiSchema { Type = JsonSchemaType.String, Const = kind.Type },
            [BatchItem.KeyField] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyKeyHeader.MaxLength,
                Description = $"This command's {IdempotencyKeyHeader.Name}: printable ASCII, as the header of its own route.",
            },
        },
    };
}
