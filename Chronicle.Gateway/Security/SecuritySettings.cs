namespace Chronicle.Gateway.Security;

/// <summary>Who may call the node (its keys file) and how much one caller may ask of it.</summary>
public sealed record SecuritySettings
{
    /// <summary>
    /// The keys file (env Chronicle__ApiKeysFile), see <see cref="ApiKeysFile"/>; watched, so edits apply
    /// without a restart. Null: no key is valid and every route but the health checks answers 401.
    /// </summary>
    public string? ApiKeysFile { get; init; }

    /// <summary>Env Chronicle__Limits__&lt;name&gt;, e.g. Chronicle__Limits__RequestsPerSecond.</summary>
    public RequestLimits Limits { get; init; } = new();
}
