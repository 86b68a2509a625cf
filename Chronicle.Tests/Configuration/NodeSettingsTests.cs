using Chronicle.Actors.Hosting;
using Chronicle.Gateway;
using Chronicle.Gateway.Roles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Chronicle.Tests.Configuration;

/// <summary>A node's settings as its configuration (Chronicle__* variables) gives them, and what it refuses to start with.</summary>
public sealed class NodeSettingsTests
{
    private static readonly (string Key, string Value)[] Required = [("EventStore", "Host=127.0.0.1;Database=x"), ("SeedNodes", "")];

    [Fact]
    public void Roles_default_to_all_and_the_projector_needs_a_read_model_and_nats_to_be_taken()
    {
        Assert.Equal(NodeRoles.All, Settings().RoleSet);
        Assert.Equal(["gateway", "ledger"], Settings().ClusterRoles.Order());
        Assert.Equal(["gateway", "ledger", "projector"], Settings(("ReadModel", "Host=r"), ("Nats", "nats://n")).ClusterRoles.Order());
        Assert.Equal(["gateway", "ledger"], Settings(("Roles", " Ledger , gateway")).ClusterRoles.Order());
        Assert.False(Settings(("Roles", "gateway")).Has(NodeRoles.Ledger));
    }

    [Fact]
    public void Unknown_or_missing_roles_and_a_projector_without_its_read_model_are_refused_at_start()
    {
        Assert.Contains("Chronicle:Roles: 'shard' is not a role (allowed: ledger, gateway, projector", Refusal(("Roles", "ledger,shard")));
        Assert.Contains("Chronicle:Roles: names no role", Refusal(("Roles", " , ")));
        Assert.Contains("Chronicle:Roles: the projector role needs Chronicle:ReadModel and Chronicle:Nats", Refusal(("Roles", "projector")));
    }

    [Fact]
    public void Seed_nodes_must_be_given_and_empty_make_a_lone_node()
    {
        var unset = Assert.Throws<OptionsValidationException>(() => NodeSettings.FromConfiguration(Configuration([("EventStore", "Host=h")])));
        Assert.Contains(unset.Failures, failure => failure.StartsWith("Chronicle:SeedNodes is not set", StringComparison.Ordinal));
        Assert.Empty(Settings(("SeedNodes", "")).Ledger.SeedNodeAddresses);
        Assert.Equal(["akka.tcp://chronicle@h:1", "akka.tcp://chronicle@h:2"],
            Settings(("SeedNodes", "akka.tcp://chronicle@h:1, akka.tcp://chronicle@h:2")).Ledger.SeedNodeAddresses);
        Assert.Contains("Chronicle:SeedNodes: 'akka.tcp://other@h:1' is not a seed node", Refusal(("SeedNodes", "akka.tcp://other@h:1")));
    }

    [Fact]
    public void Sections_bind_their_settings_with_the_unit_in_the_name()
    {
        var settings = Settings(("Nats", "nats://n:4222"), ("ReadModel", "Host=r"), ("Accounts:SnapshotEveryEvents", "7"),
            ("Transfers:StepTimeoutMilliseconds", "2000"), ("Forwarder:PollIntervalMilliseconds", "40"), ("Gateway:CommandAttemptTimeoutMilliseconds", "900"),
            ("Accounts:TransferAnswerWaitMilliseconds", "700"),
            ("Projector:AckWaitSeconds", "12"), ("Forwarder:StreamReplicas", "3"), ("NumberOfShards", "64"), ("AkkaPort", "4060"));

        Assert.Equal(7, settings.Ledger.Accounts.SnapshotEveryEvents);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Ledger.Transfers.StepTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(40), settings.Ledger.Forwarder.PollInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(900), settings.Gateway.CommandAttemptTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(700), settings.Ledger.Accounts.TransferAnswerWait);
        Assert.Equal(3, settings.Ledger.Forwarder.StreamReplicas);
        Assert.Equal(TimeSpan.FromSeconds(12), settings.ConnectedProjector!.AckWait);
        Assert.Equal(("Host=r", "nats://n:4222"), (settings.ConnectedProjector.ReadModelConnectionString, settings.ConnectedProjector.NatsUrl));
        Assert.Equal((64, 4060), (settings.Ledger.NumberOfShards, settings.Ledger.Port));
    }

    [Fact]
    public void Every_fault_is_reported_at_once_each_naming_its_key_and_what_is_allowed()
    {
        var failures = Refusals(("AkkaPort", "-1"), ("Limits:Burst", "0"), ("Accounts:SnapshotEveryEvents", "0"), ("EventStore", "Hots=x"),
            ("Nats", "http://n"), ("Forwarder:GapTimeoutSeconds", "10"), ("Projector:MaxBackoffMilliseconds", "1"), ("Limts:Burst", "5"),
            ("Url", "ftp://x"), ("Limits:RequestTimeout", "00:00:00"));

        string[] expected =
        [
            "Chronicle:AkkaPort: -1 is out of range (allowed: 0 to 65535)",
            "Chronicle:Limits:Burst: 0 is out of range (allowed: 1 to 10000000)",
            "Chronicle:Accounts:SnapshotEveryEvents: 0 is out of range (allowed: 1 to 1000000)",
            "Chronicle:EventStore: not an Npgsql connection string",
            "Chronicle:Nats: 'http://n' is not a NATS URL",
            "Chronicle:Forwarder:GapTimeoutSeconds: 10 is below twice the longest journal transaction; allowed: at least 30",
            "Chronicle:Projector:MaxBackoffMilliseconds: 1 is below MinBackoffMilliseconds (500)",
            "Chronicle:Limts:Burst is not a setting",
            "Chronicle:Url: 'ftp://x' is not an address to listen on",
            "Chronicle:Limits:RequestTimeout: 00:00:00 is out of range (allowed: 00:00:01 to 01:00:00)",
        ];
        Assert.All(expected, start => Assert.Single(failures, failure => failure.StartsWith(start, StringComparison.Ordinal)));
        Assert.Equal(expected.Length, failures.Count);
        // A value the binder cannot convert: its own words, which name the key.
        Assert.Contains("Chronicle:AkkaPort", Refusal(("AkkaPort", "many")));
    }

    [Fact]
    public void Settings_made_in_code_are_refused_as_the_configuration_would_be()
    {
        var settings = new NodeSettings { Ledger = new LedgerOptions { EventStoreConnectionString = "Host=h", SeedNodes = "", Port = 70_000 } };

        var refused = Assert.Throws<OptionsValidationException>(settings.ThrowIfInvalid);

        Assert.Equal(["Chronicle:AkkaPort: 70000 is out of range (allowed: 0 to 65535)"], refused.Failures);
    }

    private static NodeSettings Settings(params (string Key, string Value)[] values) =>
        NodeSettings.FromConfiguration(Configuration(Required, values));

    private static IReadOnlyList<string> Refusals(params (string Key, string Value)[] values) =>
        Assert.Throws<OptionsValidationException>(() => Settings(values)).Failures.ToList();

    private static string Refusal(params (string Key, string Value)[] values) => string.Join('\n', Refusals(values));

    /// <summary>One configuration source a list of values; a later one's win, as they do in the node.</summary>
    private static IConfiguration Configuration(params (string Key, string Value)[][] sources) =>
        sources.Aggregate(new ConfigurationBuilder(), (builder, values) => (ConfigurationBuilder)builder.AddInMemoryCollection(
            values.Select(v => new KeyValuePair<string, string?>("Chronicle:" + v.Key, v.Value)))).Build();
}
