using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chronicle.Contracts.Serialization;
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
/// </summary>
public static class EventChain
{
    /// <summary>The payload's member that holds the event's hash: the one name writer, reader and auditors use.</summary>
    public const string HashField = "chain_hash";

    private const int HashBytes = 32;

    private const int MaxLongDigits = 20;

    private static readonly byte[] HashMember = Encoding.UTF8.GetBytes($",\"{HashField}\":\"");

    /// <summary>
    /// <paramref name="event"/> as the journal will store it: its JSON with its hash, linked to <paramref name="previous"/>
    /// (null when no event before it on the account has a hash).
    /// </summary>
    public static ChainedEvent Seal(IAccountEvent @event, string? previous, string persistenceId, long sequenceNr)
    {
        var payload = LedgerCodec.ToBinary(@event);
        var hash = Link(previous, persistenceId, sequenceNr, LedgerCodec.Manifest(@event), payload);
        return new ChainedEvent(@event, hash, WithHash(payload, hash));
    }

    /// <summary>The hash of a stored event whose predecessor's is <paramref name="previous"/> (null: none).</summary>
    /// <param name="payload">The event's JSON as stored; a <see cref="HashField"/> member in it is not part of what is hashed.</param>
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
        using (var document = JsonDocument.Parse(payload)) CanonicalJson.Write(document.RootElement, input, skipMember: HashField);
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
    public static bool TryStoredHash(ReadOnlySpan<byte> payload, out string? hash)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("the payload is not a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isHash = reader.ValueTextEquals(HashField);
            reader.Read();
            if (isHash)
            {
                hash = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                return true;
            }
            reader.Skip();
        }
        hash = null;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="hash"/> has a hash's form (64 lowercase hex digits). A stored one that has not was tampered
    /// with: the account reads it as no hash and links its next event to the last good one, so the ledger goes on
    /// writing and the check names the version.
    /// </summary>
    public static bool IsWellFormed(string? hash) => hash is { Length: HashBytes * 2 } && hash.All(char.IsAsciiHexDigitLower);

    /// <summary>The payload (an object, as the codec writes it) with the hash as its last member.</summary>
    private static byte[] WithHash(byte[] payload, string hash)
    {
        Invariant.Require(payload is [(byte)'{', .., (byte)'}'] && payload.Length > 2, "an event's JSON is a non-empty object");
        var stored = new byte[payload.Length - 1 + HashMember.Length + hash.Length + 2];
        payload.AsSpan(0, payload.Length - 1).CopyTo(stored);
        var at = payload.Length - 1;
        HashMember.CopyTo(stored, at);
        at += HashMember.Length;
        at += Encoding.ASCII.GetBytes(hash, stored.AsSpan(at));
        "\"}"u8.CopyTo(stored.AsSpan(at));
        return stored;
    }
}
