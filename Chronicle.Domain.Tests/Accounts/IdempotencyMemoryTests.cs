using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

public sealed class IdempotencyMemoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static RememberedWrite Write(long version, DateTimeOffset at) => new("acc", "fp", Guid.NewGuid(), version, 0, at);

    [Fact]
    public void An_account_that_never_forgot_knows_a_new_key_is_new()
    {
        var memory = new IdempotencyMemory(capacity: 3, Day);
        memory.Remember("a", Write(1, T0));

        Assert.Equal(Recall.Remembered, memory.Recall("a", T0));
        Assert.Equal(Recall.New, memory.Recall("b", T0));
    }

    [Fact]
    public void Past_its_capacity_memory_forgets_the_oldest_and_says_it_cannot_tell()
    {
        var memory = new IdempotencyMemory(capacity: 2, Day);
        memory.Remember("a", Write(1, T0));
        memory.Remember("b", Write(2, T0.AddMinutes(1)));
        memory.Remember("c", Write(3, T0.AddMinutes(2)));

        Assert.Equal(2, memory.Count);
        Assert.Null(memory.Find("a"));
        // "a" could be the key asked about: memory must not call any key it does not hold new.
        Assert.Equal(Recall.Unknown, memory.Recall("a", T0.AddMinutes(3)));
        Assert.Equal(Recall.Unknown, memory.Recall("never-used", T0.AddMinutes(3)));
        Assert.Equal(Recall.Remembered, memory.Recall("c", T0.AddMinutes(3)));
    }

    [Fact]
    public void Once_what_it_forgot_is_past_the_retention_memory_is_certain_again()
    {
        var memory = new IdempotencyMemory(capacity: 1, Day);
        memory.Remember("a", Write(1, T0));
        memory.Remember("b", Write(2, T0.AddMinutes(1)));

        Assert.Equal(Recall.Unknown, memory.Recall("x", T0 + Day - TimeSpan.FromSeconds(1)));
        Assert.Equal(Recall.New, memory.Recall("x", T0 + Day));
    }

    [Fact]
    public void Keys_past_the_retention_are_dropped_in_event_time()
    {
        var memory = new IdempotencyMemory(capacity: 10, Day);
        memory.Remember("old", Write(1, T0));
        memory.Remember("recent", Write(2, T0.AddHours(23)));
        memory.Remember("new", Write(3, T0 + Day + TimeSpan.FromSeconds(1)));

        Assert.Null(memory.Find("old"));
        Assert.NotNull(memory.Find("recent"));
        Assert.Equal(2, memory.Count);
        // What was dropped is past the retention: still certain.
        Assert.Equal(Recall.New, memory.Recall("old", T0 + Day + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_start_from_a_snapshot_is_uncertain_until_keys_are_restored()
    {
        var memory = new IdempotencyMemory(capacity: 10, Day);
        memory.MissingUpTo(T0);
        Assert.Equal(Recall.Unknown, memory.Recall("x", T0.AddHours(1)));

        memory.Restore([("a", Write(1, T0.AddMinutes(-5)))], since: T0.AddHours(1) - Day, complete: true);

        Assert.Equal(Recall.Remembered, memory.Recall("a", T0.AddHours(1)));
        Assert.Equal(Recall.New, memory.Recall("x", T0.AddHours(1)));
    }

    [Fact]
    public void A_partial_restore_leaves_memory_uncertain_about_what_came_before_it()
    {
        var memory = new IdempotencyMemory(capacity: 2, Day);
        memory.MissingUpTo(T0);
        memory.Restore([("b", Write(2, T0.AddMinutes(-2))), ("c", Write(3, T0.AddMinutes(-1)))], since: T0 - Day, complete: false);

        Assert.Equal(Recall.Remembered, memory.Recall("b", T0));
        Assert.Equal(Recall.Unknown, memory.Recall("a", T0));
    }

    [Fact]
    public void A_key_is_remembered_once()
    {
        var memory = new IdempotencyMemory(capacity: 2, Day);
        memory.Remember("a", Write(1, T0));
        Assert.Throws<InvariantViolatedException>(() => memory.Remember("a", Write(2, T0)));
    }

    [Fact]
    public void The_write_of_a_keyed_event_is_what_a_retry_is_answered_with()
    {
        var deposited = new MoneyDeposited("acc", Guid.NewGuid(), T0, 5_00, 105_00, null, new IdempotencyStamp("k", "fp"));

        var write = RememberedWrite.Of(deposited, version: 2);

        Assert.Equal(new RememberedWrite("acc", "fp", deposited.EventId, 2, 105_00, T0), write);
        Assert.Null(RememberedWrite.Of(deposited with { Idempotency = null }, 2));
    }
}
