using System.Text.Json.Serialization.Metadata;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// One write of the API, whichever way it comes: its name (the route <c>POST /commands/{Type}</c>, and a batch
/// command's <c>type</c>), what it does in a sentence, the authorization policy that may send it, its body's record (<see cref="Request"/>: what
/// the body is bound to, and what the OpenAPI document shows), and how its bound body and Idempotency-Key (already
/// scoped to the caller) become a command ready to run. The single route and the batch both go through
/// <see cref="Parse"/> and <see cref="ParsedCommand.RunAsync"/>, so they answer alike: <see cref="Answers"/> when it
/// is done, one of <see cref="Problems"/> when it is refused.
/// </summary>
internal sealed record CommandKind(
    string Type,
    string Summary,
    string Policy,
    Type Request,
    Func<RequestFields, string?, ParsedCommand?> Parse,
    IReadOnlyList<CommandKind.Answer> Answers,
    IReadOnlyList<ProblemType> Problems)
{
    /// <summary>A success answer: its status and the record of its body.</summary>
    public sealed record Answer(int Status, Type Body);

    /// <summary>A write whose body is bound to <typeparamref name="TRequest"/> (<see cref="RequestJson"/>) and then made a command.</summary>
    public static CommandKind Of<TRequest>(string type, string summary, JsonTypeInfo<TRequest> body, Func<TRequest, string?, ParsedCommand> toCommand,
        IReadOnlyList<Answer> answers, IReadOnlyList<ProblemType> problems) where TRequest : class =>
        new(type, summary, ApiPolicies.Commands, typeof(TRequest),
            (fields, key) => fields.Bind(body) is { } request ? toCommand(request, key) : null, answers, problems);
}
