using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chronicle.Domain.Accounts;

/// <summary>
/// A stable digest of what a write asks for, minus the idempotency key itself. Two requests
/// under one key are "the same request" exactly when their fingerprints match. Amounts are
/// compared by value, so "100", 100 and "100.00" are the same request.
/// </summary>
internal static class RequestFingerprint
{
    public static string Of(IAccountCommand command) => Digest(command switch
    {
        // A limit only when there is one: a create without one keeps the fingerprint it had before limits existed.
        CreateAccount c => $"create|{c.AccountId}|{c.OwnerName}|{Normal(c.InitialBalance)}|{c.CurrencyCode}" +
                           (c.OverdraftLimit == 0 ? "" : $"|{Normal(c.OverdraftLimit)}") + Labels(c.Metadata),
        DepositMoney d => $"deposit|{d.AccountId}|{Normal(d.Amount)}|{d.Description}|{d.ExpectedVersion}" + Labels(d.Metadata),
        WithdrawMoney w => $"withdraw|{w.AccountId}|{Normal(w.Amount)}|{w.Description}|{w.ExpectedVersion}" + Labels(w.Metadata),
        FreezeAccount f => $"freeze|{f.AccountId}|{f.Reason}|{f.ExpectedVersion}",
        UnfreezeAccount u => $"unfreeze|{u.AccountId}|{u.ExpectedVersion}",
        CloseAccount c => $"close|{c.AccountId}|{c.Reason}|{c.ExpectedVersion}",
        SetOverdraftLimit l => $"overdraft|{l.AccountId}|{Normal(l.OverdraftLimit)}|{l.ExpectedVersion}",
        CreditForTransfer c => $"credit|{c.AccountId}|{c.TransferId}|{Normal(c.Amount)}|{c.CurrencyCode}",
        OpenIncomingHold n => $"hold|{n.AccountId}|{n.TransferId}|{n.FromAccountId}",
        SendTransfer t => $"transfer|{t.AccountId}|{t.TransferId}|{t.ToAccountId}|{Normal(t.Amount)}|{t.Description}|{t.Hold}|{t.TimeoutSeconds}" +
                          Labels(t.Metadata),
        PostTransfer p => $"post|{p.AccountId}|{p.TransferId}|{(p.Amount is { } amount ? Normal(amount) : "all")}",
        VoidTransfer v => $"void|{v.AccountId}|{v.TransferId}",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name),
    });

    private static string Normal(decimal amount) => amount.ToString("G29", CultureInfo.InvariantCulture);

    /// <summary>
    /// Labels only when there are some, so a request without any keeps the fingerprint it had before labels existed; each key
    /// and value with its length first, so no text inside them can make two different sets of labels read alike.
    /// </summary>
    private static string Labels(ClientMetadata? metadata) =>
        metadata is null ? "" : "|metadata" + string.Concat(metadata.Entries.Select(e => $"|{e.Key.Length}:{e.Key}{e.Value.Length}:{e.Value}"));

    private static string Digest(string canonical)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return Convert.ToHexString(hash[..16]);
    }
}
