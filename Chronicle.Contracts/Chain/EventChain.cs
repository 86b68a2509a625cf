using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chronicle.Contracts.Serialization;
using Chronicle.Contracts.Tracing;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Chain;

/// <summary>
/// Each account's events form a hash chain (docs/HASH-CHAIN.md): an event's hash is
/// <c>SHA-256(previous ‖ content)</c>, where <c>previous</c> is the 32 bytes of the hash of the account's event before it
/// (32 zero bytes for the first event that carries one) and <c>content</c> the UTF-8 of the canonical JSON
/// (<see cref="CanonicalJson"/>) of <c>{"event": payload, "manifest": m, "persistence_id": p, "sequence_nr": n}</c>:
/// the event's stored JSON less its own hash, its manifest, its stream and its version. The hash is stored in the payload
/// itself, as its last member <see cref="HashField"/>, lowercase hex; so it is written in the same row and transaction
/// as the event, and read back wherever the payload goes (recovery, the feed, webhooks).
/// The account actor computes it, once, when it decides the event: it alone knows the previous hash.
/// A traced event also carries the W3C trace context of its write (<see cref="TraceContext.TraceParent"/>), just before
/// the hash: telemetry, not the ledger's content, so it is not hashed (docs/TRACING.md).
/// </summary>
public static class EventChain
{
    /// <summary>The payload's member that holds the event's hash: the one name writer, reader and auditors use.</summary>
    public const string HashField = "chain_hash";

    /// <summary>The payload's top-level members that are not its content, and so not hashed: the hash itself, the trace context.</summary>
    private static readonly string[] NotHashed = [HashField, TraceContext.TraceParent];

    private const int HashBytes = 32;

    private const int MaxLongDigits = 20;

    private static readonly byte[] HashMember = Encoding.UTF8.GetBytes($",\"{HashField}\":\"");

    private static readonly byte[] TraceMember = Encoding.UTF8.GetBytes($",\"{TraceContext.TraceParent}\":\"");

    private static readonly byte[] TraceName = Encoding.UTF8.GetBytes($"\"{TraceContext.TraceParent}\"");

    /// <summary>
    /// <paramref name="event"/> as the journal will store it: its JSON with its hash, linked to <paramref name="previous"/>
    /// (null when no event before it on the account has a hash).
    /// </summary>
    /// <param name="traceParent">The W3C context of the event's write, stored with it and not hashed; null: none.</param>
    public static ChainedEvent Seal(IAccountEvent @event, string? previous, string persistenceId, long sequenceNr, string? traceParent = null)
    {
        var payload = LedgerCodec.ToBinary(@event);
        var hash = Link(previous, persistenceId, sequenceNr, LedgerCodec.Manifest(@event), payload);
        return new ChainedEvent(@event, hash, WithHash(payload, hash, traceParent));
    }

    /// <summary>The hash of a stored event whose predecessor's is <paramref name="previous"/> (null: none).</summary>
    /// <param name="payload">The event's JSON as stored; its <see cref="HashField"/> and <see cref="TraceContext.TraceParent"/> members are not part of what is hashed.</param>
    /// <exception cref="JsonException">The payload is not JSON.</exception>
    public static string Link(string? previous, string persistenceId, long sequenceNr, string manifest, ReadOnlyMemory<byte> payload)
    {
        var input = new ArrayBufferWriter<byte>(HashBytes + payload.Length + 128);
        var previousBytes = input.GetSpan(HashBytes)[..HashBytes];
        if (previous is null) previousBytes.Clear();
        // Not Invariant.Require: its message would be built on every write.
        else if (Convert.FromHexString(previous, previousBytes, out _, out var written) != OperationStatus.Done || written != HashBytes)
            throw new InvariantViolatedException($"the previous hash '{previous}' is not {HashBytes} bytes of hex");
        input.Advance(HashBytes);

        input.Write("{\"event\":"u8);
        using (var document = JsonDocument.Parse(payload)) CanonicalJson.Write(document.RootElement, input, skipMembers: NotHashed);
        input.Write(",\"manifest\":"u8);
        CanonicalJson.WriteString(manifest, input);
        input.Write(",\"persistence_id\":"u8);
        CanonicalJson.WriteString(persistenceId, input);
        input.Write(",\"sequence_nr\":"u8);
        // A long is at most 20 digits and a sign: formatted straight into the buffer, no string on every write.
        var digits = input.GetSpan(MaxLongDigits);
        Invariant.Require(Utf8Formatter.TryFormat(sequenceNr, digits, out var digitsWritten), "a long fits in 20 digits and a sign");
        input.Advance(digitsWritten);
        input.Write("}"u8);
        return Convert.ToHexStringLower(SHA256.HashData(input.WrittenSpan));
    }

    /// <summary>
    /// Whether the stored payload has a <see cref="HashField"/> member; <paramref name="hash"/> is its value, null when
    /// that is not a string. Only the top level is read.
    /// </summary>
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    public static bool TryStoredHash(ReadOnlySpan<byte> payload, out string? hash) => TopLevel.TryString(payload, HashField, out hash);

    /// <summary>
    /// Whether <paramref name="hash"/> has a hash's form (64 lowercase hex digits). A stored one that has not was tampered
    /// with: the account reads it as no hash and links its next event to the last good one, so the ledger goes on
    /// writing and the check names the version.
    /// </summary>
    public static bool IsWellFormed(string? hash) => hash is { Length: HashBytes * 2 } && hash.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// A stored payload as the feed publishes it (docs/EVENT-FEED.md): exactly as stored, hash included, less its
    /// <see cref="TraceContext.TraceParent"/> member, which is telemetry of the write (the feed's message carries its own
    /// context in a header). An untraced payload, nearly every one, is returned as it is, after one search for the member.
    /// </summary>
    /// <exception cref="JsonException">A payload naming the member is not a JSON object.</exception>
    public static ReadOnlyMemory<byte> WithoutTrace(byte[] stored)
    {
        // The member's name in quotes, as written: a string value cannot hold it unescaped, so no match means no member.
        if (stored.AsSpan().IndexOf(TraceName) < 0) return stored;
        var reader = new Utf8JsonReader(stored);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("the payload is not a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var found = reader.ValueTextEquals(TraceContext.TraceParent);
            reader.Read();
            reader.Skip();
            if (!found) continue;
            // The member and the comma before it (the writer puts it after the event's own members, never first).
            var end = (int)reader.BytesConsumed;
            Invariant.Require(start > 1 && stored[start - 1] == (byte)',', "the trace context follows the event's own members");
            return (byte[])[.. stored.AsSpan(0, start - 1), .. stored.AsSpan(end)];
        }
        // Named only inside a nested value (a client's metadata label): not the write's context.
        return stored;
    }

    /// <summary>The payload (an object, as the codec writes it) with the trace context, when given, and the hash as its last member.</summary>
    private static byte[] WithHash(byte[] payload, string hash, string? traceParent)
    {
        Invariant.Require(payload is [(byte)'{', .., (byte)'}'] && payload.Length > 2, "an event's JSON is a non-empty object");
        var traceLength = traceParent is null ? 0 : TraceMember.Length + traceParent.Length + 1;
        var stored = new byte[payload.Length - 1 + traceLength + HashMember.Length + hash.Length + 2];
        payload.AsSpan(0, payload.Length - 1).CopyTo(stored);
        var at = payload.Length - 1;
        // Both ASCII: a traceparent is hex and dashes (ActivityContext made or checked it), a hash is hex.
        if (traceParent is not null)
        {
            at += Splice(TraceMember, traceParent, stored.AsSpan(at));
            stored[at++] = (byte)'"';
        }
        at += Splice(HashMember, hash, stored.AsSpan(at));
        "\"}"u8.CopyTo(stored.AsSpan(at));
        return stored;
    }

    private static int Splice(byte[] member, string value, Span<byte> into)
    {
        member.CopyTo(into);
        return member.Length + Encoding.ASCII.GetBytes(value, into[member.Length..]);
    }
}
