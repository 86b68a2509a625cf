using System.ComponentModel;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands.Batch;

/// <summary>POST /commands/batch's answer: one result per command, in the order they were sent.</summary>
internal sealed record BatchResponse(IReadOnlyList<BatchResult> Results)
{
    public static BatchResult Result(CommandAnswer answer)
    {
        var headers = answer.Headers().ToDictionary(StringComparer.Ordinal);
        return new BatchResult(answer.Status, headers.Count == 0 ? null : headers, new RawJson(answer.Json));
    }
}

/// <summary>
/// One command's answer, as its own route would have given it: the status, the headers that carry meaning
/// (Idempotent-Replayed, Location, Retry-After; left out when there are none) and the body, problems included.
/// </summary>
internal sealed record BatchResult(
    int Status,
    IReadOnlyDictionary<string, string>? Headers,
    [property: Description("The body the command's own route would answer with: its response, or its problem.")] RawJson Body);
