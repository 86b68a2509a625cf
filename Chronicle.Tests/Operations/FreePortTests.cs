using System.Net;
using System.Net.Sockets;
using Chronicle.DevStack;

namespace Chronicle.Tests.Operations;

/// <summary>The ports the tests' servers listen on: never one the kernel may hand an outgoing connection meanwhile.</summary>
public sealed class FreePortTests
{
    [Fact]
    public void Ports_are_below_the_ephemeral_range_distinct_and_bindable()
    {
        var ephemeralLowest = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
        var ports = Enumerable.Range(0, 200).Select(_ => FreePort.Next()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 10_000, ephemeralLowest - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        using var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start();
    }
}
