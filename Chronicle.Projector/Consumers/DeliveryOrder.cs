namespace Chronicle.Projector.Consumers;

/// <summary>
/// Checks that every message a consumer delivered reaches its reader. JetStream numbers each delivery to a consumer (its
/// consumer sequence: one more for every delivery, redeliveries included), so a delivery lost between the server and the
/// reader shows as a skipped number. The feed's consumers acknowledge with AckPolicy.All: acknowledging any later message
/// would acknowledge the lost one too, and it would never come again. So a skipped number stops the reader before
/// anything after it is applied or acknowledged; it starts over from its checkpoint, where the consumer is placed anew.
/// </summary>
/// <remarks>
/// Why: on 2026-12-04 a rebuild of the read model under full load (the bench's catch-up) left 38 events unapplied, all
/// of one partition, inside a run of 59 consecutive messages of that partition the projector never saw, though the
/// stream held them. With this check the next rebuild stopped partitions on skipped numbers 28 times (gaps of 2 to 1,589
/// deliveries), and ended with the read model equal to the journal (docs/READ-MODEL.md).
/// </remarks>
internal sealed class DeliveryOrder(string reader)
{
    /// <summary>The last delivery seen since the consumer was placed; 0 before the first.</summary>
    private ulong _lastDelivery;

    /// <param name="delivery">The message's consumer sequence.</param>
    /// <param name="streamSequence">Its stream sequence, for the message.</param>
    public void Check(ulong delivery, ulong streamSequence)
    {
        if (_lastDelivery != 0 && delivery != _lastDelivery + 1)
            throw new DeliveryLostException(
                $"{reader}: delivery {delivery} (stream sequence {streamSequence}) came after delivery {_lastDelivery}: " +
                $"{(delivery > _lastDelivery ? delivery - _lastDelivery - 1 : 0)} deliveries never reached it; starting over from the checkpoint");
        _lastDelivery = delivery;
    }
}

/// <summary>A delivery of the consumer never reached its reader (<see cref="DeliveryOrder"/>).</summary>
internal sealed class DeliveryLostException(string message) : Exception(message);
