using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Chronicle.Gateway;
using Chronicle.Gateway.Telemetry;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Configuration;

/// <summary>docs/CONFIGURATION.md lists every setting the node binds, as the code has it, and no other.</summary>
public sealed class ConfigurationDocTests
{
    /// <summary>The doc's table rows, by key: environment, default, allowed (the cells between the key and the description).</summary>
    private static readonly IReadOnlyDictionary<string, string[]> Rows = RepositoryFiles.Read("docs", "CONFIGURATION.md").Split('\n')
        .Where(line => line.StartsWith("| `Chronicle:", StringComparison.Ordinal))
        .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1..^1])
        .ToDictionary(cells => cells[0].Trim('`'), cells => cells[1..4]);

    [Fact]
    public void Every_setting_is_listed_and_every_listed_key_is_a_setting()
    {
        var keys = NodeSettings.All.Select(setting => setting.Key).ToList();

        Assert.Empty(keys.Except(Rows.Keys));
        Assert.Empty(Rows.Keys.Except(keys));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_variable_that_turns_tracing_on_is_listed()
    {
        Assert.Contains($"| `{TracingHosting.EndpointVariable}` |", RepositoryFiles.Read("docs", "CONFIGURATION.md"));
    }

    [Fact]
    public void Each_row_gives_the_environment_name_default_and_range_of_the_code()
    {
        foreach (var setting in NodeSettings.All.Where(setting => Rows.ContainsKey(setting.Key)))
        {
            var (environment, @default, allowed) = (Rows[setting.Key][0], Rows[setting.Key][1], Rows[setting.Key][2]);
            Assert.True(environment == $"`{setting.EnvironmentName}`", $"{setting.Key}: environment {environment}, the code's is {setting.EnvironmentName}");
            if (setting.Default is null or "")
                Assert.True(!@default.Contains('`'), $"{setting.Key}: the code has no default, the doc gives {@default}");
            else
            {
                var value = Convert.ToString(setting.Default, CultureInfo.InvariantCulture);
                Assert.True(@default.StartsWith($"`{value}`", StringComparison.Ordinal), $"{setting.Key}: default {@default}, the code's is {value}");
            }
            if (setting.Property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                var bounds = $"{range.Minimum} to {range.Maximum}";
                Assert.True(allowed.StartsWith(bounds, StringComparison.Ordinal), $"{setting.Key}: allowed {allowed}, the code's range is {bounds}");
            }
        }
    }
}
