using System.Text;
using System.Text.Json;
using Chronicle.Contracts.Feed;

namespace Chronicle.Tests.Projection;

/// <summary>The feed's envelope as the forwarder writes it and the projector reads it: the event's JSON byte for byte.</summary>
public sealed class FeedEnvelopeTests
{
    private const string EventJson = """{"amount":"10.50","note":"braces } and \"quotes\" {","nested":{"list":[1,{"a":null}]}}""";

    private static readonly FeedEnvelope Sample = new(
        1234, "account-alice", "account", "alice", 2, "MoneyDeposited.v1",
        new DateTimeOffset(2026, 11, 24, 18, 49, 40, TimeSpan.Zero).AddTicks(1_234_567), Encoding.UTF8.GetBytes(EventJson));

    [Fact]
    public void What_the_forwarder_writes_the_projector_reads_back_whole()
    {
        var read = FeedEnvelope.Parse(Sample.ToJson());

        Assert.Equal(Sample with { EventJson = default }, read with { EventJson = default });
        Assert.Equal(EventJson, Encoding.UTF8.GetString(read.EventJson.Span));
        Assert.Equal(Sample.WrittenAt.UtcTicks, read.WrittenAt.UtcTicks);
    }

    [Fact]
    public void The_write_time_has_the_journals_ticks_whole_and_each_envelope_its_own_bytes()
    {
        var first = Sample.ToJson();
        var second = (Sample with { Ordering = 99, WrittenAt = Sample.WrittenAt.AddTicks(-1_234_567) }).ToJson();

        Assert.Contains("\"written_at\":\"2026-11-24T18:49:40.1234567Z\"", Encoding.UTF8.GetString(first.Span));
        Assert.Contains("\"written_at\":\"2026-11-24T18:49:40.0000000Z\"", Encoding.UTF8.GetString(second.Span));
        // The writer's buffer is used again: what an earlier call returned must not change with it.
        Assert.Equal((1234L, 99L), (FeedEnvelope.Parse(first).Ordering, FeedEnvelope.Parse(second).Ordering));
    }

    [Fact]
    public void Fields_a_later_writer_adds_are_skipped_wherever_they_stand()
    {
        var json = $$"""{"added_first":{"x":[1,2]},"ordering":7,"persistence_id":"account-b","entity_type":"account","entity_id":"b","sequence_nr":1,"event_type":"AccountCreated.v1","written_at":"2026-11-24T18:49:40.0000000Z","event":{{EventJson}},"added_last":"z"}""";

        var read = FeedEnvelope.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal((7L, "b", 1L), (read.Ordering, read.EntityId, read.SequenceNr));
        Assert.Equal(EventJson, Encoding.UTF8.GetString(read.EventJson.Span));
    }

    [Theory]
    [InlineData("ordering")]
    [InlineData("written_at")]
    [InlineData("event")]
    public void An_envelope_without_a_field_is_refused_naming_it(string field)
    {
        var complete = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Sample.ToJson().Span)!;
        complete.Remove(field);

        var refused = Assert.Throws<JsonException>(() => FeedEnvelope.Parse(JsonSerializer.SerializeToUtf8Bytes(complete)));

        Assert.Contains($"'{field}'", refused.Message);
    }
}
