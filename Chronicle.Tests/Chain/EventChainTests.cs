using System.Runtime.InteropServices;
using System.Text;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Serialization;
using Chronicle.Contracts.Tracing;
using Chronicle.Domain.Accounts;

namespace Chronicle.Tests.Chain;

/// <summary>
/// The hash chain's definition (docs/HASH-CHAIN.md), without a server: what an event's hash covers, where it is stored,
/// and what a check of an account's rows finds when one is edited, removed or left without a hash.
/// </summary>
public sealed class EventChainTests
{
    private const string Account = "chain-a";
    private const string PersistenceId = "account-" + Account;
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static IAccountEvent[] History() =>
    [
        new AccountCreated(Account, new Guid("0196e9a4-0000-7000-8000-000000000001"), T0, "Ada", "USD", 1000, new IdempotencyStamp("k1", "f1")),
        new MoneyDeposited(Account, new Guid("0196e9a4-0000-7000-8000-000000000002"), T0.AddSeconds(1), 500, 1500, "rent \"May\" ü\n", null),
        new MoneyWithdrawn(Account, new Guid("0196e9a4-0000-7000-8000-000000000003"), T0.AddSeconds(2), 200, 1300, null, new IdempotencyStamp("k3", "f3")),
    ];

    /// <summary>The rows the journal would hold: each event sealed onto the one before, as the account actor does.</summary>
    private static List<(long Version, string Manifest, byte[] Payload)> Rows(IEnumerable<IAccountEvent> events, string? previous = null, long first = 1)
    {
        var rows = new List<(long, string, byte[])>();
        foreach (var e in events)
        {
            var chained = EventChain.Seal(e, previous, PersistenceId, first + rows.Count);
            rows.Add((first + rows.Count, LedgerCodec.Manifest(chained), LedgerCodec.ToBinary(chained)));
            previous = chained.Hash;
        }
        return rows;
    }

    private static ChainReportOf Check(IEnumerable<(long Version, string Manifest, byte[] Payload)> rows)
    {
        var check = new ChainCheck(Account);
        foreach (var (version, manifest, payload) in rows) check.Add(version, manifest, payload);
        var report = check.Report();
        return new ChainReportOf(report.Valid, report.Events, report.Head, report.UnhashedEvents, report.FirstBadVersion, report.Problem);
    }

    private sealed record ChainReportOf(bool Valid, long Events, string? Head, long Unhashed, long? FirstBadVersion, string? Problem);

    [Fact]
    public void An_event_is_stored_as_its_json_with_its_hash_last_and_reads_back_with_it()
    {
        var deposit = History()[1];
        var chained = EventChain.Seal(deposit, previous: null, PersistenceId, 2);
        var stored = LedgerCodec.ToBinary(chained);
        var plain = LedgerCodec.ToBinary(deposit);

        Assert.Equal(Encoding.UTF8.GetString(plain)[..^1] + $",\"chain_hash\":\"{chained.Hash}\"}}", Encoding.UTF8.GetString(stored));
        Assert.Matches("^[0-9a-f]{64}$", chained.Hash);
        Assert.Equal("MoneyDeposited.v1", LedgerCodec.Manifest(chained));
        var read = Assert.IsType<ChainedEvent>(LedgerCodec.FromStored(stored, "MoneyDeposited.v1"));
        Assert.Equal((deposit, chained.Hash), (read.Event, read.Hash));
        Assert.Equal(deposit, LedgerCodec.FromBinary(stored, "MoneyDeposited.v1"));
        // Written before events had a hash: the event alone; so is one whose hash is no hash (tampered with), which the check names.
        Assert.Equal(deposit, LedgerCodec.FromStored(plain, "MoneyDeposited.v1"));
        Assert.Equal(deposit, LedgerCodec.FromStored(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(stored).Replace(chained.Hash, "not-a-hash")), "MoneyDeposited.v1"));
    }

    [Fact]
    public void A_traced_event_stores_its_trace_context_before_its_hash_and_outside_it()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var deposit = History()[1];
        var untraced = EventChain.Seal(deposit, previous: null, PersistenceId, 2);
        var traced = EventChain.Seal(deposit, previous: null, PersistenceId, 2, traceParent);
        var plain = Encoding.UTF8.GetString(LedgerCodec.ToBinary(deposit));

        Assert.Equal(untraced.Hash, traced.Hash);
        Assert.Equal(plain[..^1] + $",\"traceparent\":\"{traceParent}\",\"chain_hash\":\"{traced.Hash}\"}}", Encoding.UTF8.GetString(LedgerCodec.ToBinary(traced)));
        Assert.Equal(traceParent, TraceContext.StoredIn(LedgerCodec.ToBinary(traced)));
        Assert.Null(TraceContext.StoredIn(LedgerCodec.ToBinary(untraced)));
        Assert.Equal(deposit, LedgerCodec.FromBinary(LedgerCodec.ToBinary(traced), "MoneyDeposited.v1"));
        // The check recomputes the same hash with or without it; a trace context edited or removed later breaks nothing.
        var rows = Rows(History());
        rows[1] = (2, "MoneyDeposited.v1", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(rows[1].Payload).Replace(",\"chain_hash\"", $",\"traceparent\":\"{traceParent}\",\"chain_hash\"")));
        Assert.Equal(Check(Rows(History())), Check(rows));
        Assert.True(Check(rows).Valid);
    }

    [Fact]
    public void The_feed_gets_the_stored_payload_with_its_hash_and_without_the_trace_context()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var deposit = History()[1];
        var untraced = LedgerCodec.ToBinary(EventChain.Seal(deposit, previous: null, PersistenceId, 2));
        var traced = LedgerCodec.ToBinary(EventChain.Seal(deposit, previous: null, PersistenceId, 2, traceParent));

        Assert.Equal(Encoding.UTF8.GetString(untraced), Encoding.UTF8.GetString(EventChain.WithoutTrace(traced).Span));
        // Untraced: the stored bytes themselves, not a copy.
        Assert.True(MemoryMarshal.TryGetArray(EventChain.WithoutTrace(untraced), out var same) && same.Array == untraced);
        // A client's label named like the member is the client's: only the top-level member is the write's context.
        var labels = Domain.ClientMetadata.Of([KeyValuePair.Create("traceparent", "mine")]);
        var labelled = LedgerCodec.ToBinary(EventChain.Seal((MoneyDeposited)deposit with { Metadata = labels }, null, PersistenceId, 2, traceParent));
        var published = Encoding.UTF8.GetString(EventChain.WithoutTrace(labelled).Span);
        Assert.Contains("\"traceparent\":\"mine\"", published);
        Assert.DoesNotContain(traceParent, published);
        Assert.Equal(Encoding.UTF8.GetString(labelled).Replace($",\"traceparent\":\"{traceParent}\"", ""), published);
    }

    [Fact]
    public void The_hash_covers_the_content_canonically_with_the_stream_the_version_the_manifest_and_the_previous_hash()
    {
        var deposit = History()[1];
        var stored = LedgerCodec.ToBinary(EventChain.Seal(deposit, null, PersistenceId, 2));
        var hash = EventChain.Link(null, PersistenceId, 2, "MoneyDeposited.v1", stored);

        // Member order and escapes are not content: the same JSON written otherwise hashes the same.
        const string reordered = """
            { "description": "rent \"May\" \u00fc\n", "occurred_at": "2026-01-02T03:04:06+00:00", "amount_minor_units": 500,
              "event_id": "0196e9a4-0000-7000-8000-000000000002", "account_id": "chain-a", "balance_after_minor_units": 1500 }
            """;
        Assert.Equal(hash, EventChain.Link(null, PersistenceId, 2, "MoneyDeposited.v1", Encoding.UTF8.GetBytes(reordered)));
        Assert.NotEqual(hash, EventChain.Link(null, PersistenceId, 2, "MoneyDeposited.v1", Encoding.UTF8.GetBytes(reordered.Replace("500", "501"))));
        Assert.NotEqual(hash, EventChain.Link(null, PersistenceId, 3, "MoneyDeposited.v1", stored));
        Assert.NotEqual(hash, EventChain.Link(null, "account-other", 2, "MoneyDeposited.v1", stored));
        Assert.NotEqual(hash, EventChain.Link(null, PersistenceId, 2, "MoneyWithdrawn.v1", stored));
        Assert.NotEqual(hash, EventChain.Link(new string('0', 63) + "1", PersistenceId, 2, "MoneyDeposited.v1", stored));
        // No previous hash is 32 zero bytes.
        Assert.Equal(hash, EventChain.Link(new string('0', 64), PersistenceId, 2, "MoneyDeposited.v1", stored));
    }

    /// <summary>
    /// A known answer, computed outside .NET with the recipe docs/HASH-CHAIN.md gives auditors (Python's json and hashlib):
    /// the stored format and the canonical form cannot change unnoticed.
    /// </summary>
    [Fact]
    public void A_stored_event_hashes_to_what_the_documented_recipe_computes()
    {
        var stored = Encoding.UTF8.GetBytes(
            """{"account_id":"chain-a","event_id":"0196e9a4-0000-7000-8000-000000000002","occurred_at":"2026-01-02T03:04:06+00:00","amount_minor_units":500,"balance_after_minor_units":1500,"description":"rent \u0022May\u0022 \u00FC\n"}""");

        Assert.Equal(KnownAnswer, EventChain.Link(null, PersistenceId, 2, "MoneyDeposited.v1", stored));
        Assert.Equal(Encoding.UTF8.GetString(stored), Encoding.UTF8.GetString(LedgerCodec.ToBinary(History()[1])));
    }

    private const string KnownAnswer = "6fe96768d0f303d2d2236085fe6d293af7e21f10578f3e1173da342622c47ddc";

    [Fact]
    public void A_chain_of_sealed_events_is_valid_and_its_head_is_the_last_hash()
    {
        var rows = Rows(History());

        var report = Check(rows);

        Assert.Equal(new ChainReportOf(true, 3, EventChain.TryStoredHash(rows[^1].Payload, out var last) ? last : null, 0, null, null), report);
    }

    [Fact]
    public void An_edited_payload_breaks_the_chain_at_its_own_version()
    {
        var rows = Rows(History());
        var edited = Encoding.UTF8.GetString(rows[1].Payload).Replace("\"amount_minor_units\":500", "\"amount_minor_units\":50000");
        rows[1] = rows[1] with { Payload = Encoding.UTF8.GetBytes(edited) };

        Assert.Equal((false, 2L, ChainCheck.HashMismatch), Summary(Check(rows)));
    }

    [Fact]
    public void An_edit_that_also_rewrites_the_hash_breaks_the_chain_at_the_next_version()
    {
        var rows = Rows(History());
        var forged = EventChain.Seal(((MoneyDeposited)History()[1]) with { AmountMinorUnits = 50000 }, Hash(rows[0]), PersistenceId, 2);
        rows[1] = rows[1] with { Payload = LedgerCodec.ToBinary(forged) };

        Assert.Equal((false, 3L, ChainCheck.HashMismatch), Summary(Check(rows)));
    }

    [Fact]
    public void A_missing_version_a_removed_hash_and_a_payload_that_is_no_json_break_it_where_they_are()
    {
        var rows = Rows(History());
        Assert.Equal((false, 2L, ChainCheck.MissingEvent), Summary(Check([rows[0], rows[2]])));
        Assert.Equal((false, 1L, ChainCheck.MissingEvent), Summary(Check(rows.Skip(1))));

        var unhashed = rows.ToList();
        unhashed[2] = unhashed[2] with { Payload = LedgerCodec.ToBinary(History()[2]) };
        Assert.Equal((false, 3L, ChainCheck.UnhashedEvent), Summary(Check(unhashed)));

        var garbage = rows.ToList();
        garbage[1] = garbage[1] with { Payload = "{\"account_id\":"u8.ToArray() };
        Assert.Equal((false, 2L, ChainCheck.UnreadableEvent), Summary(Check(garbage)));
    }

    [Fact]
    public void Events_written_before_the_chain_are_counted_and_the_chain_starts_after_them()
    {
        var history = History();
        var legacy = history.Take(2).Select((e, i) => (Version: (long)i + 1, LedgerCodec.Manifest(e), LedgerCodec.ToBinary(e)));
        var rows = legacy.Concat(Rows(history.Skip(2), previous: null, first: 3)).ToList();

        var report = Check(rows);

        Assert.Equal((true, 3L, 2L), (report.Valid, report.Events, report.Unhashed));
        Assert.Equal(Hash(rows[2]), report.Head);
    }

    private static string Hash((long, string, byte[] Payload) row) => EventChain.TryStoredHash(row.Payload, out var hash) ? hash! : throw new InvalidOperationException("no hash");

    private static (bool Valid, long? FirstBadVersion, string? Problem) Summary(ChainReportOf report) => (report.Valid, report.FirstBadVersion, report.Problem);
}
