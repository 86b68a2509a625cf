using Chronicle.Gateway.Commands.Batch;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

/// <summary>POST /commands/{type} for every <see cref="CommandKinds">kind</see> of write, and POST /commands/batch of many.</summary>
internal static class CommandEndpoints
{
    public static void MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/commands");
        foreach (var kind in CommandKinds.All)
        {
            // A Func, not a RequestDelegate: the route handler's IResult is then written as the answer.
            Func<HttpContext, Task<IResult>> handler = http => RunAsync(http, kind);
            commands.MapPost("/" + kind.Type, handler).RequireAuthorization(kind.Policy);
        }
        commands.MapBatchEndpoint();
    }

    /// <summary>One command: the Idempotency-Key header and the body's fields read strictly, then run.</summary>
    private static async Task<IResult> RunAsync(HttpContext http, CommandKind kind)
    {
        var (command, problem) = await CommandRequest.ReadAsync(http.Request, kind.Parse);
        if (command is null) return problem!;
        return (await command.RunAsync(CommandContext.Of(http))).ToResult();
    }
}
