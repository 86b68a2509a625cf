using Chronicle.Gateway;
using Chronicle.Gateway.Roles;
using Microsoft.Extensions.Configuration;

namespace Chronicle.Tests.Cluster;

/// <summary>A node's roles and seed nodes as its configuration (Chronicle__* variables) gives them.</summary>
public sealed class NodeSettingsTests
{
    private const string EventStore = "Host=127.0.0.1;Database=x";

    [Fact]
    public void Roles_default_to_all_and_the_projector_needs_a_read_model_and_nats_to_be_taken()
    {
        Assert.Equal(NodeRoles.All, Settings().Roles);
        Assert.Equal(["gateway", "ledger"], Settings().ClusterRoles.Order());
        Assert.Equal(["gateway", "ledger", "projector"], Settings(("ReadModel", "Host=r"), ("Nats", "nats://n")).ClusterRoles.Order());
        Assert.Equal(["gateway", "ledger"], Settings(("Roles", " Ledger , gateway")).ClusterRoles.Order());
        Assert.False(Settings(("Roles", "gateway")).Has(NodeRoles.Ledger));
    }

    [Fact]
    public void Unknown_or_missing_roles_and_a_projector_without_its_read_model_are_refused_at_start()
    {
        Assert.Contains("unknown role 'shard'", Assert.Throws<InvalidOperationException>(() => Settings(("Roles", "ledger,shard"))).Message);
        Assert.Contains("is empty", Assert.Throws<InvalidOperationException>(() => Settings(("Roles", " , "))).Message);
        Assert.Contains("the projector role needs", Assert.Throws<InvalidOperationException>(() => Settings(("Roles", "projector"))).Message);
    }

    [Fact]
    public void Seed_nodes_unset_come_from_cluster_hocon_and_empty_make_a_lone_node()
    {
        Assert.Null(Settings().Ledger.SeedNodes);
        Assert.Empty(Settings(("SeedNodes", "")).Ledger.SeedNodes!);
        Assert.Equal(["akka.tcp://chronicle@h:1", "akka.tcp://chronicle@h:2"],
            Settings(("SeedNodes", "akka.tcp://chronicle@h:1, akka.tcp://chronicle@h:2")).Ledger.SeedNodes!);
    }

    private static NodeSettings Settings(params (string Key, string Value)[] values) =>
        NodeSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Chronicle:" + v.Key, v.Value))
                .Append(new KeyValuePair<string, string?>("Chronicle:EventStore", EventStore)))
            .Build());
}
