using System.ComponentModel.DataAnnotations;

namespace Chronicle.Gateway.Settings;

/// <summary>An address Kestrel can listen on: http:// or https://, host (or * or +) and port.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpUrlAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not string url || Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host)
            ? ValidationResult.Success
            : new ValidationResult($"'{value}' is not an address to listen on (allowed: http://host:port or https://host:port; port 0 picks a free one)");
}
