using Chronicle.Actors.Hosting;
using Chronicle.Gateway.Security;
using Chronicle.Gateway.Settings;
using Microsoft.Extensions.Options;

namespace Chronicle.Gateway;

/// <summary>Binding and validation: a node refuses to start on any setting it cannot take, before it touches a database.</summary>
public sealed partial record NodeSettings
{
    /// <summary>Every setting there is, with its key: what docs/CONFIGURATION.md lists.</summary>
    internal static IReadOnlyList<Setting> All { get; } = SettingsTree.Of(new NodeSettings(), Section).ToList();

    /// <summary>The settings under <see cref="Section"/> of <paramref name="configuration"/>, validated.</summary>
    /// <exception cref="OptionsValidationException">A key that is no setting, a value that does not convert or is not allowed; every one of them.</exception>
    public static NodeSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var settings = Bind(section, out var conversionFailure);
        var failures = UnknownKeys(section).ToList();
        // Unconverted, the rest holds defaults: their faults would be no one's.
        if (conversionFailure is not null) failures.Add(conversionFailure);
        else failures.AddRange(SettingsTree.Failures(settings, Section));
        if (failures.Count > 0) throw new OptionsValidationException(Section, typeof(NodeSettings), failures);
        return settings;
    }

    /// <summary>The same checks for settings made in code (tests): what the configuration would have been refused for.</summary>
    /// <exception cref="OptionsValidationException">Some setting is not allowed.</exception>
    public void ThrowIfInvalid()
    {
        var failures = SettingsTree.Failures(this, Section).ToList();
        if (failures.Count > 0) throw new OptionsValidationException(Section, typeof(NodeSettings), failures);
    }

    /// <param name="conversionFailure">The binder's word on a value it could not convert (it names the key), else null.</param>
    private static NodeSettings Bind(IConfigurationSection section, out string? conversionFailure)
    {
        conversionFailure = null;
        try
        {
            // The ledger's and security settings' keys sit in the node's own section ([InParentSection]).
            return (section.Get<NodeSettings>() ?? new NodeSettings()) with
            {
                Ledger = section.Get<LedgerOptions>() ?? new LedgerOptions(),
                Security = section.Get<SecuritySettings>() ?? new SecuritySettings(),
            };
        }
        catch (InvalidOperationException e)
        {
            conversionFailure = e.Message;
            return new NodeSettings();
        }
    }

    /// <summary>Keys under the section that no setting has: a misspelt key would otherwise be ignored without a word.</summary>
    private static IEnumerable<string> UnknownKeys(IConfigurationSection section)
    {
        var known = All.Select(setting => setting.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return section.AsEnumerable()
            .Where(entry => entry.Value is not null && !known.Contains(entry.Key))
            .Select(entry => $"{entry.Key} is not a setting (allowed: the keys in docs/CONFIGURATION.md)")
            .Order(StringComparer.Ordinal);
    }
}
