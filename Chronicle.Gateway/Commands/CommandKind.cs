using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// One write of the API, whichever way it comes: its name (the route <c>POST /commands/{Type}</c>, and a batch
/// command's <c>type</c>), what it does in a sentence, the authorization policy that may send it, its body's record (<see cref="Request"/>: what
/// the parser reads, and what the OpenAPI document shows), and how its JSON fields and Idempotency-Key (already
/// scoped to the caller) become a command ready to run. The single route and the batch both go through
/// <see cref="Parse"/> and <see cref="ParsedCommand.RunAsync"/>, so they answer alike: <see cref="Answers"/> when it
/// is done, one of <see cref="Problems"/> when it is refused.
/// </summary>
internal sealed record CommandKind(
    string Type,
    string Summary,
    string Policy,
    Type Request,
    Func<JsonFields, string?, ParsedCommand> Parse,
    IReadOnlyList<CommandKind.Answer> Answers,
    IReadOnlyList<ProblemType> Problems)
{
    /// <summary>A success answer: its status and the record of its body.</summary>
    public sealed record Answer(int Status, Type Body);

    /// <summary>A write whose body is read into <typeparamref name="TRequest"/> and then made a command.</summary>
    public static CommandKind Of<TRequest>(string type, string summary, Func<JsonFields, TRequest> read, Func<TRequest, string?, ParsedCommand> toCommand,
        IReadOnlyList<Answer> answers, IReadOnlyList<ProblemType> problems) =>
        new(type, summary, ApiPolicies.Commands, typeof(TRequest), (fields, key) => toCommand(read(fields), key), answers, problems);
}
