using System.Globalization;

namespace Chronicle.Chaos.Nemesis.Partitions;

/// <summary>A TCP socket of this machine that is connected (or connecting), by its ports; its inode names it among a process's file descriptors.</summary>
internal sealed record LoopbackSocket(int LocalPort, int RemotePort, long Inode);

/// <summary>
/// The kernel's table of TCP sockets (<c>/proc/net/tcp</c>, <c>tcp6</c>) and which process holds which
/// (<c>/proc/PID/fd</c>): what <c>ss -tnp</c> reads, read here without parsing its output.
/// </summary>
internal static class LoopbackSockets
{
    private const string Listening = "0A";
    private const string SocketPrefix = "socket:[";

    public static IReadOnlyList<LoopbackSocket> Connected() =>
        [.. new[] { "/proc/net/tcp", "/proc/net/tcp6" }.SelectMany(table => File.ReadLines(table).Skip(1)).Select(Parse).OfType<LoopbackSocket>()];

    /// <summary>Socket inode → the process of <paramref name="pids"/> that holds it; processes gone meanwhile hold nothing.</summary>
    public static IReadOnlyDictionary<long, int> Owners(IEnumerable<int> pids)
    {
        var owners = new Dictionary<long, int>();
        foreach (var pid in pids.Distinct())
        {
            IEnumerable<string> descriptors;
            try
            {
                descriptors = Directory.GetFiles($"/proc/{pid}/fd");
            }
            catch (DirectoryNotFoundException)
            {
                continue; // exited
            }
            foreach (var descriptor in descriptors)
                if (SocketInode(descriptor) is { } inode) owners[inode] = pid;
        }
        return owners;
    }

    /// <summary>"socket:[12345]" → 12345; null for a file that is no socket or was closed meanwhile.</summary>
    private static long? SocketInode(string descriptor)
    {
        try
        {
            return new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith(SocketPrefix, StringComparison.Ordinal)
                ? long.Parse(target.AsSpan(SocketPrefix.Length, target.Length - SocketPrefix.Length - 1), CultureInfo.InvariantCulture)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>One row: "sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...", addresses as HEXADDR:HEXPORT.</summary>
    private static LoopbackSocket? Parse(string row)
    {
        var fields = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 10 || fields[3] == Listening) return null;
        return new LoopbackSocket(Port(fields[1]), Port(fields[2]), long.Parse(fields[9], CultureInfo.InvariantCulture));
    }

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
