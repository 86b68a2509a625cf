using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Chronicle.Actors.Settings;

/// <summary>
/// An Npgsql connection string naming a host: caught at start, not when the first account recovers
/// or the first query arrives. Only parsed; whether the server answers is /readyz's business.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NpgsqlConnectionStringAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string { Length: > 0 } text) return ValidationResult.Success;
        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(text).Host)
                ? new ValidationResult("names no Host (allowed: an Npgsql connection string, e.g. Host=db;Username=chronicle;Database=chronicle_events)")
                : ValidationResult.Success;
        }
        catch (ArgumentException e)
        {
            return new ValidationResult($"not an Npgsql connection string ({e.Message})");
        }
    }
}
