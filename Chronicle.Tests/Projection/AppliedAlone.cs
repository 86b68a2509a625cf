using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Tests.Projection;

/// <summary>One partition's batch through the applier, in a transaction of its own, as a partition alone on the feed commits it.</summary>
internal static class AppliedAlone
{
    public static async Task<BatchResult> ApplyAsync(this BatchApplier applier, int partition, IReadOnlyList<FeedDelivery> batch, CancellationToken cancellationToken) =>
        (await applier.ApplyAsync([new PartitionBatch(partition, batch)], cancellationToken))[0];
}
