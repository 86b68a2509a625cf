namespace Chronicle.Gateway.Queries;

/// <summary>
/// The headers a read answers with: which source answered it (<c>X-Read-Source</c>) and, when it was
/// not the read model although the client did not ask for a strong read, why (<c>X-Read-Fallback</c>).
/// </summary>
internal static class ReadSource
{
    public const string Header = "X-Read-Source";
    public const string FallbackHeader = "X-Read-Fallback";

    public const string ReadModel = "read-model";
    public const string Account = "account";
    public const string Transfer = "transfer";

    /// <summary>The read model is down (or just failed a query): the entity answered instead.</summary>
    public const string Unavailable = "read-model-unavailable";

    /// <summary>This node is rebuilding the read model: it lacks rows it will have again, so the entity answered.</summary>
    public const string Rebuilding = "read-model-rebuilding";

    /// <summary>The read model does not hold the entity (yet): the entity itself said whether it exists.</summary>
    public const string Miss = "read-model-miss";
}
