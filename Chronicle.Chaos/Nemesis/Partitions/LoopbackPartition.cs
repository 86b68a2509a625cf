namespace Chronicle.Chaos.Nemesis.Partitions;

/// <summary>
/// A network partition on loopback: every TCP connection between the cut members and the others dropped
/// in both directions (<see cref="NftTable"/>), while the rest of their traffic (event store, NATS, HTTP)
/// flows. A connection is cut by the ports of its two ends. The Akka port of a member is not enough: two
/// members share one connection, opened by whichever connected first, from an ephemeral port. So the
/// connections the cut members opened to the others (and the others to them) are looked up by process
/// (<see cref="LoopbackSockets"/>) and their ephemeral ports added, at the cut and then every
/// <see cref="ScanInterval"/> for connections opened since, until the partition is disposed.
/// </summary>
internal sealed class LoopbackPartition : IAsyncDisposable
{
    /// <summary>A connection opened across the cut passes packets until the next look (a handful on loopback): short against a failure detector's seconds.</summary>
    private static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(100);

    private readonly HashSet<int> _sidePids, _otherPids, _sidePorts, _otherPorts;
    private readonly HashSet<long> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;

    private LoopbackPartition(IReadOnlyList<ClusterMember> side, IReadOnlyList<ClusterMember> others)
    {
        _sidePids = [.. side.Select(m => m.Pid)];
        _otherPids = [.. others.Select(m => m.Pid)];
        _sidePorts = [.. side.Select(m => m.AkkaPort)];
        _otherPorts = [.. others.Select(m => m.AkkaPort)];
    }

    /// <summary>Cuts <paramref name="side"/> from <paramref name="others"/> until disposed.</summary>
    public static async Task<LoopbackPartition> CutAsync(IReadOnlyList<ClusterMember> side, IReadOnlyList<ClusterMember> others)
    {
        var partition = new LoopbackPartition(side, others);
        try
        {
            await NftTable.CreateAsync();
            await NftTable.AddAsync(NftTable.Side, partition._sidePorts);
            await NftTable.AddAsync(NftTable.Others, partition._otherPorts);
            await partition.ScanAsync();
        }
        catch
        {
            await NftTable.RemoveAsync();
            throw;
        }
        partition._watch = partition.WatchAsync();
        return partition;
    }

    /// <summary>Heals: the table goes, and with it every rule.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watch;
        }
        finally
        {
            await NftTable.RemoveAsync();
            _stop.Dispose();
        }
    }

    private async Task WatchAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(ScanInterval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await ScanAsync();
        }
    }

    /// <summary>
    /// Connections to an Akka port of either side not looked at before: those a cut member opened to an
    /// other's port put their local port on the cut side, those an other opened to a cut member's port on
    /// the others'. Anyone else's (a third member's, another program's) are left alone.
    /// </summary>
    private async Task ScanAsync()
    {
        var fresh = LoopbackSockets.Connected()
            .Where(s => s.Inode != 0 && !_seen.Contains(s.Inode) && (_sidePorts.Contains(s.RemotePort) || _otherPorts.Contains(s.RemotePort))).ToList();
        if (fresh.Count == 0) return;
        var owners = LoopbackSockets.Owners(_sidePids.Concat(_otherPids));
        List<int> Opened(HashSet<int> by, HashSet<int> to) =>
            [.. fresh.Where(s => to.Contains(s.RemotePort) && owners.TryGetValue(s.Inode, out var pid) && by.Contains(pid)).Select(s => s.LocalPort)];
        await NftTable.AddAsync(NftTable.Side, Opened(_sidePids, _otherPorts));
        await NftTable.AddAsync(NftTable.Others, Opened(_otherPids, _sidePorts));
        _seen.UnionWith(fresh.Select(s => s.Inode));
    }
}
