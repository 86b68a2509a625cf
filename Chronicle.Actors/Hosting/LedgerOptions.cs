using System.ComponentModel.DataAnnotations;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Settings;
using Chronicle.Actors.Transfers;
using Microsoft.Extensions.Configuration;

namespace Chronicle.Actors.Hosting;

/// <summary>
/// How a node joins the ledger: where the event store is and how the cluster is formed. Its keys sit
/// in the node's section itself (Chronicle:EventStore, Chronicle:AkkaPort, ...), as they always have;
/// the tunables of the parts it runs in sections of their own (Chronicle:Accounts, ...).
/// </summary>
public sealed record LedgerOptions
{
    public const string EventStoreKey = "EventStore";
    public const string AkkaHostKey = "AkkaHost";
    public const string AkkaPortKey = "AkkaPort";
    public const string SeedNodesKey = "SeedNodes";
    public const string NatsKey = "Nats";

    /// <summary>Npgsql connection string of the event store (PostgreSQL here, CockroachDB in production).</summary>
    [ConfigurationKeyName(EventStoreKey), NpgsqlConnectionString]
    [Required(ErrorMessage = "required: the event store's Npgsql connection string, e.g. Host=db;Username=chronicle;Database=chronicle_events")]
    public string EventStoreConnectionString { get; init; } = "";

    /// <summary>Host name Akka remoting binds to and advertises. Loopback unless the cluster spans hosts.</summary>
    [ConfigurationKeyName(AkkaHostKey), Required]
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 picks a free one (fine for a node that seeds itself or is no seed).</summary>
    [ConfigurationKeyName(AkkaPortKey), Range(0, 65535)]
    public int Port { get; init; } = 4051;

    /// <summary>
    /// Seed nodes, comma-separated ("akka.tcp://chronicle@host:port,..."); the first of them forms the
    /// cluster when no other answers. Empty: the node forms a cluster of its own at once (a lone node).
    /// No default: a node that silently formed a cluster of its own would host accounts the real
    /// cluster hosts too, so a deployment must say which cluster a node joins.
    /// </summary>
    [ConfigurationKeyName(SeedNodesKey), AkkaSeedNodes]
    [Required(AllowEmptyStrings = true, ErrorMessage = "required: akka.tcp://chronicle@host:port, comma-separated; empty: this node forms a cluster of its own")]
    public string? SeedNodes { get; init; }

    /// <summary>The addresses of <see cref="SeedNodes"/>; empty for a lone node.</summary>
    public IReadOnlyList<string> SeedNodeAddresses => AkkaSeedNodesAttribute.Split(SeedNodes ?? "");

    /// <summary>Fixed for the life of the cluster: changing it moves every account to another shard.</summary>
    [Range(1, 10_000)]
    public int NumberOfShards { get; init; } = 100;

    /// <summary>
    /// NATS (JetStream) server of the event feed, e.g. nats://127.0.0.1:14222. Unset (or empty): this node
    /// runs no forwarder (the journal keeps everything; a forwarder started later catches up).
    /// </summary>
    [ConfigurationKeyName(NatsKey), NatsUrl]
    public string? NatsUrl { get; init => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    public AccountSettings Accounts { get; init; } = new();

    public TransferSettings Transfers { get; init; } = new();

    public ForwarderOptions Forwarder { get; init; } = new();
}
