using System.Net;
using System.Net.Sockets;

namespace Chronicle.DevStack;

/// <summary>
/// Loopback TCP ports for the servers the tests start (PostgreSQL, nats-server, nodes). Each is drawn below the kernel's
/// ephemeral range (<c>net.ipv4.ip_local_port_range</c>), never twice in one process, and checked free. A port the kernel
/// picked (a bind to port 0) stays free only until the kernel hands it out again, as the local port of any outgoing
/// connection: in CI a nats-server then failed to start with "address already in use" on its monitoring port.
/// </summary>
public static class FreePort
{
    /// <summary>Below it, well-known and registered services; above <see cref="EphemeralLowest"/>, the kernel's own picks.</summary>
    private const int Lowest = 10_000;

    /// <summary>The ephemeral range's first port when the kernel does not say (Linux's default).</summary>
    private const int DefaultEphemeralLowest = 32_768;

    private const int MaxAttempts = 1_000;

    private static readonly int EphemeralLowest = ReadEphemeralLowest();
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    /// <summary>A loopback TCP port nobody listens on right now, not given out before by this process, outside the ephemeral range.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var port = Random.Shared.Next(Lowest, EphemeralLowest);
                if (Given.Contains(port) || !Bindable(port)) continue;
                Given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"no free loopback port in {Lowest}..{EphemeralLowest - 1} after {MaxAttempts} attempts");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralLowest()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(range) ? File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        // A range starting too low to leave room below it: stay under Linux's default start, as before any tuning.
        return int.TryParse(first, out var lowest) && lowest > Lowest + MaxAttempts ? lowest : DefaultEphemeralLowest;
    }
}
