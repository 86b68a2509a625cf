using System.Net;
using System.Net.Sockets;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// The addresses a webhook may not reach unless the configuration allows it: loopback, private networks,
/// link-local (cloud metadata services live there: 169.254.169.254), shared and reserved ranges, multicast,
/// and IPv6's equivalents, IPv4 inside IPv6 judged as the IPv4 address it carries. Anything not public is
/// refused, rather than only what is known to be dangerous.
/// </summary>
internal static class PrivateAddresses
{
    private static readonly (IPAddress Network, int PrefixBits)[] Ranges =
    [
        .. Cidr("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"),
        .. Cidr("::/96", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001::/32", "2001:db8::/32", "100::/64"),
    ];

    public static bool IsPrivate(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } inner) return IsPrivate(inner);
        var bytes = address.GetAddressBytes();
        foreach (var (network, prefixBits) in Ranges)
            if (network.AddressFamily == address.AddressFamily && Matches(bytes, network.GetAddressBytes(), prefixBits)) return true;
        return false;
    }

    /// <summary>The IPv4 address an IPv6 one stands for: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::).</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return new IPAddress(bytes.AsSpan(12, 4));
        if (bytes[0] == 0x20 && bytes[1] == 0x02) return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }

    private static bool Matches(byte[] address, byte[] network, int prefixBits)
    {
        for (var bit = 0; bit < prefixBits; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static IEnumerable<(IPAddress, int)> Cidr(params string[] ranges) =>
        ranges.Select(range => range.Split('/') is [var network, var bits]
            ? (IPAddress.Parse(network), int.Parse(bits, System.Globalization.CultureInfo.InvariantCulture))
            : throw new FormatException(range));
}
