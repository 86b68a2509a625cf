using System.Security.Claims;
using System.Text.Json;
using Chronicle.Contracts.Http;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands.Batch;

/// <summary>One command of a batch: ready to run, or already answered (malformed, or not the caller's to send).</summary>
internal sealed record BatchItem(ParsedCommand? Command, CommandAnswer? Answer)
{
    public const string TypeField = "type";
    public const string KeyField = "idempotency_key";

    /// <summary>
    /// Reads one element of <c>commands</c> as its route reads its body: the <c>type</c> names the route, the caller's
    /// role must be one its route admits (else that route's 403), <c>idempotency_key</c> stands for the route's
    /// Idempotency-Key header (the same rule, scoped to the caller the same way, so one key space for both), and
    /// the other fields are bound to the route's own record, and what neither knows is refused.
    /// </summary>
    /// <param name="may">Whether the caller passes an authorization policy.</param>
    public static BatchItem Read(JsonElement element, ClaimsPrincipal caller, Func<string, bool> may)
    {
        if (element.ValueKind != JsonValueKind.Object) return Refused(Problems.ValidationFailed("each command must be a JSON object"));

        var fields = new RequestFields(element);
        if (CommandKinds.Find(fields.Text(TypeField, 64)) is not { } kind)
        {
            // Without a kind no other field can be judged: the one problem is the type.
            var error = "must be one of " + CommandKinds.TypeList;
            return Refused(Problems.ValidationFailed($"{TypeField} {error}", new Dictionary<string, string> { [TypeField] = error }));
        }
        if (!may(kind.Policy)) return Refused(ApiKeyAuthenticationHandler.Forbidden([kind.Policy], caller));

        var key = fields.Text(KeyField, IdempotencyKeyHeader.MaxLength, IdempotencyKeyHeader.Printable().IsMatch, "printable ASCII characters");
        var command = kind.Parse(fields, key is null ? null : IdempotencyScope.Apply(caller, key));
        return fields.Invalid() is { } invalid ? Refused(invalid) : new BatchItem(command!, null);
    }

    private static BatchItem Refused(Problem problem) => new(null, CommandAnswer.Of(problem));
}
