using System.Text.Json;
using System.Text.Json.Serialization;
using Chronicle.Client.Http;

namespace Chronicle.Client;

/// <summary><c>POST /commands/batch</c>'s answer: one result per command, in the order they were sent.</summary>
/// <param name="Results">The commands' answers.</param>
public sealed record BatchResponse(IReadOnlyList<BatchResult> Results);

/// <summary>One command's answer, exactly as its own route would have given it.</summary>
/// <param name="Status">The route's HTTP status.</param>
/// <param name="Headers">The headers of the answer that carry meaning (<c>Idempotent-Replayed</c>, <c>Location</c>, <c>Retry-After</c>), when there are any.</param>
/// <param name="Body">The route's body: its success body, or its problem.</param>
public sealed record BatchResult(int Status, IReadOnlyDictionary<string, string>? Headers, JsonElement Body)
{
    /// <summary>The key the command went under.</summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; internal set; }

    /// <summary>2xx: the command was done (or, 202, is running).</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The answer its key was given before, replayed: nothing written this time.</summary>
    public bool Replayed => Headers is not null && Headers.TryGetValue("Idempotent-Replayed", out var replayed) && replayed == "true";

    /// <summary>The refusal, when the command was refused; null when it succeeded.</summary>
    public ChronicleProblem? Problem => IsSuccess ? null : Body.Deserialize(ClientJson.Default.ChronicleProblem);

    /// <summary>The success body as <typeparamref name="TResult"/> (the one of the command's type); a refusal is thrown.</summary>
    /// <typeparam name="TResult">The command's result type, e.g. <see cref="MoneyMovedResponse"/> for a deposit.</typeparam>
    /// <exception cref="ChronicleProblemException">The command was refused.</exception>
    public TResult Result<TResult>() where TResult : CommandResult
    {
        if (Problem is { } problem) throw new ChronicleProblemException(problem);
        var result = (TResult)Body.Deserialize(ClientJson.Default.GetTypeInfo(typeof(TResult))!)!;
        result.IdempotencyKey = IdempotencyKey;
        result.Replayed = Replayed;
        return result;
    }
}
