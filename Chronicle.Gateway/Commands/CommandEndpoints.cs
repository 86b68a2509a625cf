using Chronicle.Gateway.Commands.Batch;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.Commands;

/// <summary>POST /commands/{type} for every <see cref="CommandKinds">kind</see> of write, and POST /commands/batch of many.</summary>
internal static class CommandEndpoints
{
    public static void MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/commands").WithTags(ApiTags.Commands);
        foreach (var kind in CommandKinds.All)
        {
            // A Func, not a RequestDelegate: the route handler's IResult is then written as the answer.
            Func<HttpContext, Task<IResult>> handler = http => RunAsync(http, kind);
            var route = commands.MapPost("/" + kind.Type, handler).RequireAuthorization(kind.Policy)
                .WithSummary(kind.Summary)
                .WithJsonBody(kind.Request).WithProblems(kind.Problems).AddOpenApiOperationTransformer((operation, _, _) =>
                {
                    (operation.Parameters ??= []).Add(IdempotencyKeyParameter);
                    return Task.CompletedTask;
                });
            foreach (var answer in kind.Answers) route.Produces(answer.Status, answer.Body);
            // Any answer may be a replay, and so may a transfer's failure (TransferAnswers); a 202 is a transfer still
            // running, which says where to follow it (TransferAnswers.Running).
            var statuses = kind.Answers.Select(answer => answer.Status).ToList();
            route.WithHeader(ResponseHeaders.IdempotentReplayed,
                [.. statuses, .. kind.Problems.Any(ProblemTypes.IsTransferFailed) ? [StatusCodes.Status422UnprocessableEntity] : Array.Empty<int>()]);
            if (statuses.Contains(StatusCodes.Status202Accepted)) route.WithHeader(ResponseHeaders.Location, StatusCodes.Status202Accepted);
        }
        commands.MapBatchEndpoint();
    }

    private static readonly OpenApiParameter IdempotencyKeyParameter = new()
    {
        Name = IdempotencyKeyHeader.Name,
        In = ParameterLocation.Header,
        Description = $"1-{IdempotencyKeyHeader.MaxLength} printable ASCII characters: the same key and request again get the original answer " +
                      "(Idempotent-Replayed: true), nothing written twice; another request under it is 422 idempotency_key_reused.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyHeader.MaxLength },
    };

    /// <summary>One command: the Idempotency-Key header and the body's fields read strictly, then run.</summary>
    private static async Task<IResult> RunAsync(HttpContext http, CommandKind kind)
    {
        var (command, problem) = await CommandRequest.ReadAsync(http.Request, kind.Parse);
        if (command is null) return problem!;
        return (await command.RunAsync(CommandContext.Of(http))).ToResult();
    }
}
