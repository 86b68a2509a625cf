using System.Reflection;

namespace Chronicle.Gateway.Settings;

/// <summary>One setting: its configuration key (Chronicle:Limits:Burst), the options property it binds to, and its value when unset.</summary>
internal sealed record Setting(string Key, PropertyInfo Property, object? Default)
{
    /// <summary>The key as an environment variable names it (Chronicle__Limits__Burst).</summary>
    public string EnvironmentName => Key.Replace(":", "__", StringComparison.Ordinal);
}
