namespace Chronicle.Client;

/// <summary>How a <see cref="ChronicleClient"/> reaches the node and behaves.</summary>
public sealed record ChronicleClientOptions
{
    /// <summary>
    /// The node's URL (its gateway), e.g. <c>http://127.0.0.1:5080</c>; a path in it prefixes every route. When null, the
    /// <see cref="HttpClient.BaseAddress"/> of the HttpClient given to the client.
    /// </summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>
    /// The API key, sent as <c>Authorization: Bearer</c> with every request; when null, none (or the Authorization among the
    /// given HttpClient's default headers).
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>What is retried, how often and how long apart; <see cref="ChronicleRetryPolicy.Default"/> unless set.</summary>
    public ChronicleRetryPolicy Retry { get; init; } = ChronicleRetryPolicy.Default;

    /// <summary>
    /// Makes the Idempotency-Key of a write the caller gave none: one per call, sent with each of its tries. A random
    /// GUID unless set; when null, writes go without a key unless the call names one (and are then never retried).
    /// </summary>
    public Func<string>? NewIdempotencyKey { get; init; } = RandomKey;

    /// <summary>How long one try may take before it counts as unanswered, for the HttpClient the client makes itself.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A fresh random key: 32 hex digits.</summary>
    public static string RandomKey() => Guid.NewGuid().ToString("N");
}
