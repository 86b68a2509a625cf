using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// The stored and wire JSON of everything the ledger persists or sends between nodes. The manifest
/// names the type and its schema version ("MoneyDeposited.v1"), never a CLR type name, so classes can
/// be renamed or moved without orphaning stored events. One registry for every writer and reader:
/// the Akka serializer, the event feed's projector, the journal readers.
/// </summary>
public static class LedgerCodec
{
    private static readonly (Type Type, string Manifest, JsonTypeInfo Info)[] Registry =
    [
        (typeof(AccountCreated), "AccountCreated.v1", LedgerJsonContext.Default.AccountCreated),
        (typeof(MoneyDeposited), "MoneyDeposited.v1", LedgerJsonContext.Default.MoneyDeposited),
        (typeof(MoneyWithdrawn), "MoneyWithdrawn.v1", LedgerJsonContext.Default.MoneyWithdrawn),
        (typeof(TransferCredited), "TransferCredited.v1", LedgerJsonContext.Default.TransferCredited),
        (typeof(AccountFrozen), "AccountFrozen.v1", LedgerJsonContext.Default.AccountFrozen),
        (typeof(AccountUnfrozen), "AccountUnfrozen.v1", LedgerJsonContext.Default.AccountUnfrozen),
        (typeof(AccountClosed), "AccountClosed.v1", LedgerJsonContext.Default.AccountClosed),
        (typeof(OverdraftLimitSet), "OverdraftLimitSet.v1", LedgerJsonContext.Default.OverdraftLimitSet),
        (typeof(AccountSnapshot), "AccountSnapshot.v2", LedgerJsonContext.Default.AccountSnapshot),
        (typeof(TransferSent), "TransferSent.v1", LedgerJsonContext.Default.TransferSent),
        (typeof(TransferHeld), "TransferHeld.v1", LedgerJsonContext.Default.TransferHeld),
        (typeof(HoldPosted), "HoldPosted.v1", LedgerJsonContext.Default.HoldPosted),
        (typeof(HoldReleased), "HoldReleased.v1", LedgerJsonContext.Default.HoldReleased),
        (typeof(TransferSettled), "TransferSettled.v1", LedgerJsonContext.Default.TransferSettled),
        (typeof(TransferReturned), "TransferReturned.v1", LedgerJsonContext.Default.TransferReturned),
        (typeof(HoldRefused), "HoldRefused.v1", LedgerJsonContext.Default.HoldRefused),
        (typeof(HoldReleaseConfirmed), "HoldReleaseConfirmed.v1", LedgerJsonContext.Default.HoldReleaseConfirmed),
        (typeof(IncomingHoldOpened), "IncomingHoldOpened.v1", LedgerJsonContext.Default.IncomingHoldOpened),
        (typeof(IncomingHoldReleased), "IncomingHoldReleased.v1", LedgerJsonContext.Default.IncomingHoldReleased),
        (typeof(SendTransfer), "SendTransfer", LedgerJsonContext.Default.SendTransfer),
        (typeof(PostTransfer), "PostTransfer", LedgerJsonContext.Default.PostTransfer),
        (typeof(VoidTransfer), "VoidTransfer", LedgerJsonContext.Default.VoidTransfer),
        (typeof(GetOpenTransfer), "GetOpenTransfer", LedgerJsonContext.Default.GetOpenTransfer),
        (typeof(TransferNotOpen), "TransferNotOpen", LedgerJsonContext.Default.TransferNotOpen),
        (typeof(ResumeTransfers), "ResumeTransfers", LedgerJsonContext.Default.ResumeTransfers),
        (typeof(TransferOutcome), "TransferOutcome", LedgerJsonContext.Default.TransferOutcome),
        (typeof(StoredAccountStateReply), "AccountStateReply", LedgerJsonContext.Default.StoredAccountStateReply),
        (typeof(StoredTracedCommand), "TracedCommand", LedgerJsonContext.Default.StoredTracedCommand),
        (typeof(CreateAccount), "CreateAccount", LedgerJsonContext.Default.CreateAccount),
        (typeof(DepositMoney), "DepositMoney", LedgerJsonContext.Default.DepositMoney),
        (typeof(WithdrawMoney), "WithdrawMoney", LedgerJsonContext.Default.WithdrawMoney),
        (typeof(CreditForTransfer), "CreditForTransfer", LedgerJsonContext.Default.CreditForTransfer),
        (typeof(OpenIncomingHold), "OpenIncomingHold", LedgerJsonContext.Default.OpenIncomingHold),
        (typeof(ReleaseIncomingHold), "ReleaseIncomingHold", LedgerJsonContext.Default.ReleaseIncomingHold),
        (typeof(FreezeAccount), "FreezeAccount", LedgerJsonContext.Default.FreezeAccount),
        (typeof(UnfreezeAccount), "UnfreezeAccount", LedgerJsonContext.Default.UnfreezeAccount),
        (typeof(CloseAccount), "CloseAccount", LedgerJsonContext.Default.CloseAccount),
        (typeof(SetOverdraftLimit), "SetOverdraftLimit", LedgerJsonContext.Default.SetOverdraftLimit),
        (typeof(GetAccountState), "GetAccountState", LedgerJsonContext.Default.GetAccountState),
        (typeof(WriteAccepted), "WriteAccepted", LedgerJsonContext.Default.WriteAccepted),
        (typeof(CommandRejected), "CommandRejected", LedgerJsonContext.Default.CommandRejected),
    ];

    private static readonly FrozenDictionary<Type, (string Manifest, JsonTypeInfo Info)> ByType =
        Registry.ToFrozenDictionary(r => r.Type, r => (r.Manifest, r.Info));

    /// <summary>
    /// Schemas still read but no longer written. AccountSnapshot.v1 carried the account's idempotency keys;
    /// v2 is the ledger alone, and reading a v1 drops the keys (the durable record has them).
    /// </summary>
    private static readonly (string Manifest, JsonTypeInfo Info)[] ReadOnlyManifests =
    [
        ("AccountSnapshot.v1", LedgerJsonContext.Default.AccountSnapshot),
    ];

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest =
        Registry.Select(r => (r.Manifest, r.Info)).Concat(ReadOnlyManifests)
            .ToFrozenDictionary(r => r.Manifest, r => r.Info, StringComparer.Ordinal);

    public static string Manifest(object o) => o is ChainedEvent chained ? Manifest(chained.Event) : Lookup(Stored(o).GetType()).Manifest;

    public static byte[] ToBinary(object obj)
    {
        // Sealed once, by the account that decided it: stored, and forwarded, exactly as it was hashed.
        if (obj is ChainedEvent chained) return chained.Json;
        var stored = Stored(obj);
        return JsonSerializer.SerializeToUtf8Bytes(stored, Lookup(stored.GetType()).Info);
    }

    /// <summary>What the payload holds, for every reader but the account and the feed: an account event without its chain hash, a snapshot's state.</summary>
    public static object FromBinary(ReadOnlySpan<byte> bytes, string manifest) => Deserialize(bytes, manifest) switch
    {
        AccountSnapshot snapshot => snapshot.ToState(),
        var value => value,
    };

    /// <summary>
    /// What the payload holds as the journal keeps it (Akka's door: the account's recovery, the feed): an account event
    /// with a chain hash as a <see cref="ChainedEvent"/> (one written before events carried a hash as itself), a snapshot as
    /// a <see cref="ChainedState"/>.
    /// </summary>
    public static object FromStored(byte[] bytes, string manifest) => Deserialize(bytes, manifest) switch
    {
        AccountSnapshot snapshot => new ChainedState(snapshot.ToState(), EventChain.IsWellFormed(snapshot.ChainHead) ? snapshot.ChainHead : null),
        IAccountEvent e when EventChain.TryStoredHash(bytes, out var hash) && EventChain.IsWellFormed(hash) => new ChainedEvent(e, hash!, bytes),
        var value => value,
    };

    private static object Deserialize(ReadOnlySpan<byte> bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var info))
            throw new SerializationException($"unknown ledger manifest '{manifest}'");
        var value = JsonSerializer.Deserialize(bytes, info) ?? throw new SerializationException($"null payload for '{manifest}'");
        return value switch
        {
            StoredAccountStateReply reply => new AccountStateReply(reply.State.ToState()),
            StoredTracedCommand traced => new TracedCommand(
                Deserialize(JsonMarshal.GetRawUtf8Value(traced.Command), traced.Manifest) as IAccountCommand
                ?? throw new SerializationException($"'{traced.Manifest}' is no account command"), traced.TraceParent),
            _ => value,
        };
    }

    /// <summary>Account state travels in its snapshot form, a traced command as its command's JSON and manifest; everything else as itself.</summary>
    private static object Stored(object o) => o switch
    {
        ChainedState snapshot => AccountSnapshot.From(snapshot.State, snapshot.Head),
        AccountStateReply reply => new StoredAccountStateReply(AccountSnapshot.From(reply.State)),
        TracedCommand traced => new StoredTracedCommand(traced.TraceParent, Manifest(traced.Command),
            JsonSerializer.Deserialize(ToBinary(traced.Command), LedgerJsonContext.Default.JsonElement)),
        _ => o,
    };

    /// <summary>
    /// The manifests of the account events written today ("MoneyDeposited.v1", ...): what the feed's account
    /// subjects carry, and so what a webhook may subscribe to. Taken from the registry, so a new event is in it.
    /// </summary>
    public static IEnumerable<string> AccountEventManifests =>
        Registry.Where(r => typeof(IAccountEvent).IsAssignableFrom(r.Type)).Select(r => r.Manifest);

    /// <summary>The manifest journal rows of this type carry, for readers that query the journal table.</summary>
    public static string ManifestOf<T>() => Lookup(typeof(T)).Manifest;

    private static (string Manifest, JsonTypeInfo Info) Lookup(Type type) =>
        ByType.TryGetValue(type, out var entry) ? entry : throw new SerializationException($"no ledger manifest for {type.Name}");
}
