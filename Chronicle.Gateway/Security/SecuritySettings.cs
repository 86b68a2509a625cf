using Microsoft.Extensions.Configuration;

namespace Chronicle.Gateway.Security;

/// <summary>Who may call the node (its keys file) and how much one caller may ask of it.</summary>
public sealed record SecuritySettings
{
    public const string ApiKeysFileKey = "ApiKeysFile";

    /// <summary>
    /// The keys file (env Chronicle__ApiKeysFile), see <see cref="Security.ApiKeysFile"/>; watched, so edits
    /// apply without a restart. Unset: no key is valid and every route but the health checks answers 401.
    /// A file that is missing or malformed stops the node at start.
    /// </summary>
    [ConfigurationKeyName(ApiKeysFileKey)]
    public string? ApiKeysFile { get; init => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>Section Chronicle:Limits, env Chronicle__Limits__&lt;name&gt;, e.g. Chronicle__Limits__RequestsPerSecond.</summary>
    public RequestLimits Limits { get; init; } = new();
}
