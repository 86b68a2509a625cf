using System.ComponentModel.DataAnnotations;

namespace Chronicle.Gateway.Roles;

/// <summary>A comma-separated list of at least one of <see cref="NodeRoles.All"/>: a misspelt role would leave the node doing nothing it was meant to.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NodeRoleListAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string text) return ValidationResult.Success;
        var allowed = $"allowed: {string.Join(", ", NodeRoles.All)}, comma-separated";
        if (NodeRoles.Names(text).FirstOrDefault(role => !NodeRoles.All.Contains(role)) is { } unknown)
            return new ValidationResult($"'{unknown}' is not a role ({allowed})");
        return NodeRoles.Names(text).Any() ? ValidationResult.Success : new ValidationResult($"names no role ({allowed}; unset: all of them)");
    }
}
