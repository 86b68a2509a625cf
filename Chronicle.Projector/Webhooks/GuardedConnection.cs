using System.Net;
using System.Net.Sockets;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// How the webhook sender connects when private addresses are not allowed: it resolves the host itself,
/// keeps only public addresses, and connects to one of those. The address checked is the address
/// connected to, so a name that resolved to a public address at registration and to a private one now
/// (DNS rebinding) is refused at this connection.
/// </summary>
internal static class GuardedConnection
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = addresses.Where(address => !PrivateAddresses.IsPrivate(address)).ToArray();
        if (permitted.Length == 0)
            throw new HttpRequestException(
                $"refused: {host} is at no public address ({string.Join(", ", addresses.Select(a => a.ToString()))}); Chronicle:Webhooks:AllowPrivateAddresses is off");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
