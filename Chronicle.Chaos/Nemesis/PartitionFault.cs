using Chronicle.Chaos.Nemesis.Partitions;

namespace Chronicle.Chaos.Nemesis;

/// <summary>Some cluster members cut from others (<see cref="LoopbackPartition"/>) for a length drawn from <paramref name="shortest"/> to <paramref name="longest"/>.</summary>
/// <param name="split">Of the members that run, the side to cut and the members to cut it from.</param>
internal sealed class PartitionFault(
    string name, INemesis nemesis, TimeSpan shortest, TimeSpan longest,
    Func<IReadOnlyList<ClusterMember>, Random, (IReadOnlyList<ClusterMember> Side, IReadOnlyList<ClusterMember> Others)> split) : IFault
{
    private LoopbackPartition? _partition;

    public string Name => name;

    public TimeSpan Length(Random random) => shortest + (longest - shortest) * random.NextDouble();

    public async Task<string> InjectAsync(Random random)
    {
        var (side, others) = split(await nemesis.MembersAsync(), random);
        _partition = await LoopbackPartition.CutAsync(side, others);
        return $"{string.Join(", ", side.Select(m => m.Name))} cut off from {string.Join(", ", others.Select(m => m.Name))}";
    }

    public async Task EndAsync()
    {
        if (_partition is null) return;
        await _partition.DisposeAsync();
        _partition = null;
    }
}
