using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Chronicle.Chaos.Nemesis;
using Chronicle.Chaos.Nemesis.Partitions;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chaos;

/// <summary>
/// The partition's rules on real sockets of this process: a connection the cut side opened to the others'
/// port (which a rule on the cut side's own port would miss) is cut, and once the partition is disposed no
/// rule is left and the connection carries data again. In the ledger collection: a chaos run removes the
/// table at its start, and must not do so under this test.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed partial class LoopbackPartitionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Disposing_a_partition_removes_every_rule_it_added_and_the_connection_flows_again()
    {
        using var side = Listen();
        using var others = Listen();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port(others));
        using var server = await others.AcceptTcpClientAsync();
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

        var partition = await LoopbackPartition.CutAsync(
            [new ClusterMember("ledger-1", Environment.ProcessId, Port(side))], [new ClusterMember("gateway-1", Environment.ProcessId, Port(others))]);
        string rules;
        try
        {
            rules = await NftTable.ListAsync() ?? "";
            Assert.Contains(clientPort.ToString(), rules);
            await client.GetStream().WriteAsync("cut"u8.ToArray());
            await Eventually.Until(async () => DroppedFromSide(await NftTable.ListAsync() ?? ""), dropped => dropped > 0, Deadline, "the rule dropping the write");
        }
        finally
        {
            await partition.DisposeAsync();
        }

        Assert.DoesNotContain(NftTable.Name, await HostFirewall.RulesAsync());
        var received = new byte[3];
        using var timeout = new CancellationTokenSource(Deadline);
        await server.GetStream().ReadExactlyAsync(received, timeout.Token); // TCP sends it again, and now it passes
        Assert.Equal("cut"u8.ToArray(), received);
    }

    [Fact]
    public async Task Removing_the_table_takes_a_leftover_away_and_is_harmless_without_one()
    {
        await NftTable.CreateAsync(); // as a run killed outright would leave it
        Assert.Contains(NftTable.Name, await HostFirewall.RulesAsync());

        await NftTable.RemoveAsync();
        await NftTable.RemoveAsync();

        Assert.DoesNotContain(NftTable.Name, await HostFirewall.RulesAsync());
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The packets counted by the first rule (from the cut side to the others).</summary>
    private static long DroppedFromSide(string table) =>
        DropCounter().Match(table) is { Success: true } match ? long.Parse(match.Groups[1].Value) : 0;

    [GeneratedRegex(@"sport @side tcp dport @others counter packets (\d+)")]
    private static partial Regex DropCounter();
}
