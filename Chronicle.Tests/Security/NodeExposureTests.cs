using System.Globalization;
using Chronicle.Gateway;
using Chronicle.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Chronicle.Tests.Security;

/// <summary>What a node opens to the network by default, and how its security is configured.</summary>
[Collection(LedgerCollection.Name)]
public sealed class NodeExposureTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Akka_remoting_listens_on_loopback_only()
    {
        var node = await fixture.SharedNodeAsync();
        var port = Akka.Cluster.Cluster.Get(node.ActorSystem).SelfAddress.Port!.Value;

        var listening = ListeningAddresses(port);

        Assert.NotEmpty(listening);
        Assert.All(listening, address => Assert.True(System.Net.IPAddress.IsLoopback(address), $"remoting port {port} listens on {address}"));
    }

    [Fact]
    public void Configuration_defaults_to_loopback_and_reads_the_keys_file_and_limits()
    {
        var settings = NodeSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chronicle:EventStore"] = "Host=db",
            ["Chronicle:SeedNodes"] = "",
            ["Chronicle:ApiKeysFile"] = "/etc/chronicle/api-keys.json",
            ["Chronicle:Limits:RequestsPerSecond"] = "250",
            ["Chronicle:Limits:RequestTimeout"] = "00:00:12",
        }).Build());

        Assert.Equal("127.0.0.1", settings.Ledger.Hostname);
        Assert.Equal("/etc/chronicle/api-keys.json", settings.Security.ApiKeysFile);
        Assert.Equal(250, settings.Security.Limits.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(12), settings.Security.Limits.RequestTimeout);
        Assert.Equal(new Gateway.Security.RequestLimits().Burst, settings.Security.Limits.Burst);
    }

    /// <summary>Local addresses of the sockets listening on <paramref name="port"/>, from the kernel's tables.</summary>
    private static List<System.Net.IPAddress> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var addresses = new List<System.Net.IPAddress>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] != Listen || int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port) continue;
                addresses.Add(Address(local[0]));
            }
        }
        return addresses;
    }

    /// <summary>The kernel writes addresses as 32-bit words in host (little-endian) order.</summary>
    private static System.Net.IPAddress Address(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4) Array.Reverse(bytes, word, 4);
        var address = new System.Net.IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
