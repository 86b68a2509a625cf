using System.ComponentModel.DataAnnotations;

namespace Chronicle.Actors.Settings;

/// <summary>
/// NATS server URLs as NATS.Net takes them: one or several, comma-separated, each nats:// or tls://
/// (or ws://, wss://) with a host. A typo would otherwise show only as a forwarder that keeps failing.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NatsUrlAttribute : ValidationAttribute
{
    private static readonly string[] Schemes = ["nats", "tls", "ws", "wss"];

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string text) return ValidationResult.Success;
        var urls = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme) || string.IsNullOrEmpty(uri.Host))
                return new ValidationResult($"'{url}' is not a NATS URL (allowed: {string.Join(", ", Schemes.Select(s => s + "://host:port"))}, comma-separated)");
        }
        return ValidationResult.Success;
    }
}
