using Chronicle.Projector.Consumers;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A reader of the feed stops at a delivery that skips a number (<see cref="DeliveryOrder"/>): with AckPolicy.All,
/// acknowledging past a lost delivery would lose its event for good.
/// </summary>
public sealed class DeliveryOrderTests
{
    [Fact]
    public void Consecutive_deliveries_pass_from_wherever_the_consumer_starts()
    {
        var order = new DeliveryOrder("partition 6");
        // A consumer kept from an earlier reader goes on numbering where it was; redeliveries take numbers of their own.
        foreach (var (delivery, stream) in new (ulong, ulong)[] { (41, 900), (42, 905), (43, 880), (44, 910) }) order.Check(delivery, stream);
    }

    [Fact]
    public void A_skipped_delivery_stops_the_reader_before_the_message_after_it()
    {
        var order = new DeliveryOrder("partition 6");
        order.Check(1, 100);
        order.Check(2, 108);

        var lost = Assert.Throws<DeliveryLostException>(() => order.Check(5, 130));
        Assert.Contains("partition 6: delivery 5 (stream sequence 130) came after delivery 2: 2 deliveries never reached it", lost.Message);
    }

    [Fact]
    public void A_delivery_numbered_again_is_refused_too()
    {
        var order = new DeliveryOrder("webhook e1");
        order.Check(7, 70);

        Assert.Throws<DeliveryLostException>(() => order.Check(7, 70));
    }
}
