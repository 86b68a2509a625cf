using System.Text.Json.Serialization;

namespace Chronicle.Client;

/// <summary>
/// A write: the body of one <c>POST /commands/{type}</c>, and a command of a batch of that <c>type</c>.
/// Its properties are the route's fields, sent in snake_case; optional ones left null are not sent.
/// </summary>
public abstract record ChronicleCommand
{
    private protected ChronicleCommand()
    {
    }

    /// <summary>The command's type: its route's last segment and its <c>type</c> in a batch (<c>deposit</c>, <c>transfer</c>, ...).</summary>
    /// <remarks>Not a field of the body: each override says so again, as System.Text.Json reads an override's attributes only.</remarks>
    [JsonIgnore]
    public abstract string Type { get; }

    /// <summary>The route's success body's type.</summary>
    internal abstract Type ResultType { get; }
}

/// <summary>A write whose success the node answers with a <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The route's success body.</typeparam>
public abstract record ChronicleCommand<TResult> : ChronicleCommand where TResult : CommandResult
{
    private protected ChronicleCommand()
    {
    }

    internal sealed override Type ResultType => typeof(TResult);
}

/// <summary>What every write's success body carries besides its fields: how the node answered it.</summary>
public abstract record CommandResult
{
    private protected CommandResult()
    {
    }

    /// <summary>The <c>Idempotency-Key</c> the write was sent under (every try of it), or null when it was sent without one.</summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; internal set; }

    /// <summary>
    /// True when the node answered with the answer it had already given to this key (<c>Idempotent-Replayed: true</c>):
    /// an earlier try was written, this one wrote nothing.
    /// </summary>
    [JsonIgnore]
    public bool Replayed { get; internal set; }
}
