using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Chronicle.Gateway.Settings;

/// <summary>
/// The settings of options objects, found the way the configuration binder finds them: public properties
/// with a public setter, a value the binder converts from text (number, string, time span) being one
/// setting, a Chronicle options type being a section of more (a clock, a delegate, is neither: code).
/// The catalogue (the doc test, unknown keys) and validation both walk it, so no list of keys is kept.
/// </summary>
internal static class SettingsTree
{
    /// <summary>The settings under <paramref name="section"/> of <paramref name="options"/>, with its values as their defaults.</summary>
    public static IEnumerable<Setting> Of(object options, string section)
    {
        foreach (var property in Bindable(options.GetType()))
        {
            var value = property.GetValue(options);
            if (IsValue(property.PropertyType)) yield return new Setting($"{section}:{KeyName(property)}", property, value);
            else if (IsSection(property.PropertyType) && value is not null)
                foreach (var setting in Of(value, SectionOf(property, section))) yield return setting;
        }
    }

    /// <summary>
    /// What is wrong with <paramref name="options"/>, one line a fault, each naming its key and what is
    /// allowed: the data annotations of every setting, then the options' own cross-checks (<see cref="IValidatableObject"/>).
    /// </summary>
    public static IEnumerable<string> Failures(object options, string section)
    {
        foreach (var property in Bindable(options.GetType()))
        {
            var value = property.GetValue(options);
            if (IsValue(property.PropertyType))
            {
                var key = $"{section}:{KeyName(property)}";
                var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = key };
                foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
                {
                    if (rule.GetValidationResult(value, context) is { } fault) yield return Describe(key, value, rule, fault);
                }
            }
            else if (IsSection(property.PropertyType) && value is not null)
                foreach (var failure in Failures(value, SectionOf(property, section))) yield return failure;
        }
        if (options is not IValidatableObject validatable) yield break;
        foreach (var fault in validatable.Validate(new ValidationContext(options)))
        {
            var member = fault.MemberNames.Select(name => options.GetType().GetProperty(name)).FirstOrDefault(p => p is not null);
            yield return $"{section}:{(member is null ? "" : KeyName(member))}: {fault.ErrorMessage}";
        }
    }

    private static string Describe(string key, object? value, ValidationAttribute rule, ValidationResult fault) => rule switch
    {
        RequiredAttribute => $"{key} is not set ({rule.ErrorMessage ?? "required"})",
        RangeAttribute range => $"{key}: {Convert.ToString(value, CultureInfo.InvariantCulture)} is out of range (allowed: {range.Minimum} to {range.Maximum})",
        _ => $"{key}: {fault.ErrorMessage}",
    };

    private static IEnumerable<PropertyInfo> Bindable(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetSetMethod() is not null && p.GetIndexParameters().Length == 0);

    private static string KeyName(PropertyInfo property) =>
        property.GetCustomAttribute<Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    private static string SectionOf(PropertyInfo property, string section) =>
        property.IsDefined(typeof(InParentSectionAttribute)) ? section : $"{section}:{KeyName(property)}";

    private static bool IsValue(Type type) =>
        type != typeof(object) && TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).CanConvertFrom(typeof(string));

    private static bool IsSection(Type type) =>
        type.IsClass && type.Namespace?.StartsWith(nameof(Chronicle), StringComparison.Ordinal) == true;
}
