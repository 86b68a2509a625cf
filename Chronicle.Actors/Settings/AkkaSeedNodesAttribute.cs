using System.ComponentModel.DataAnnotations;
using Akka.Actor;
using Chronicle.Actors.Hosting;

namespace Chronicle.Actors.Settings;

/// <summary>
/// A comma-separated list of seed node addresses of this cluster's actor system
/// (<c>akka.tcp://chronicle@host:port</c>), or empty. A seed of another system name or without a
/// port would never answer: the node would wait for a cluster it can never join.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AkkaSeedNodesAttribute : ValidationAttribute
{
    public static IReadOnlyList<string> Split(string seedNodes) =>
        seedNodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string text) return ValidationResult.Success;
        foreach (var seed in Split(text))
        {
            if (!IsSeed(seed))
                return new ValidationResult($"'{seed}' is not a seed node (allowed: akka.tcp://{LedgerHosting.ActorSystemName}@host:port, comma-separated; empty: this node forms a cluster of its own)");
        }
        return ValidationResult.Success;
    }

    private static bool IsSeed(string seed)
    {
        try
        {
            var address = Address.Parse(seed);
            return address.Protocol == "akka.tcp" && address.System == LedgerHosting.ActorSystemName && address.Host is not null && address.Port is > 0 and <= 65535;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }
}
