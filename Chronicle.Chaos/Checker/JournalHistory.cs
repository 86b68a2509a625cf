using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Chronicle.Chaos.Checker;

/// <summary>One account event, as the journal holds it.</summary>
/// <param name="Type">The manifest without its version ("MoneyDeposited").</param>
/// <param name="BalanceAfter">The balance the event recorded after itself; null for events that move no money.</param>
/// <param name="Key">The Idempotency-Key it was written under, as the client sent it (a transfer's own key for its credit).</param>
internal sealed record AccountEntry(string AccountId, long Sequence, string Type, long AmountMinorUnits, long? BalanceAfter, string? Key, string? TransferId);

/// <summary>
/// The journal's events of the run's accounts, read as JSON straight from the table: the checker shares no
/// code with the ledger it checks (the payloads are the ledger serializer's snake_case JSON).
/// </summary>
internal sealed partial record JournalHistory(IReadOnlyList<AccountEntry> Accounts)
{
    /// <summary>
    /// The source's events of a transfer: it opens with the first, ends with "TransferSettled" or "TransferReturned". A
    /// settlement carried by a later transfer ("settles") is read as a "TransferSettled" of its own at that transfer's place.
    /// </summary>
    private static readonly string[] SourceTypes = ["TransferSent", "TransferHeld", "HoldPosted", "HoldReleased", "TransferSettled", "TransferReturned"];

    /// <summary>Each transfer's last event on its source ("TransferSettled", "TransferReturned", or where it stands), by transfer id.</summary>
    public IReadOnlyDictionary<string, string> TransferEnds() =>
        Accounts.Where(e => e.TransferId is not null && SourceTypes.Contains(e.Type))
            .GroupBy(e => e.TransferId!).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Sequence)!.Type);

    public static async Task<JournalHistory> ReadAsync(string eventStore, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        var persistenceIds = accountIds.Select(id => "account-" + id).ToArray();
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, sequence_number, manifest, message FROM journal " +
            "WHERE persistence_id = ANY(@ids) AND NOT deleted ORDER BY persistence_id, sequence_number", connection);
        command.Parameters.AddWithValue("ids", persistenceIds);
        var accounts = new List<AccountEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var persistenceId = reader.GetString(0);
            var sequence = reader.GetInt64(1);
            var type = reader.GetString(2).Split('.')[0];
            using var json = JsonDocument.Parse(reader.GetFieldValue<byte[]>(3));
            var e = json.RootElement;
            accounts.Add(new AccountEntry(
                persistenceId["account-".Length..],
                sequence,
                type,
                Long(e, "amount_minor_units") ?? Long(e, "initial_balance_minor_units") ?? 0,
                Long(e, "balance_after_minor_units") ?? Long(e, "initial_balance_minor_units"),
                e.TryGetProperty("idempotency", out var stamp) ? ClientKey(stamp.GetProperty("key").GetString()!) : null,
                e.TryGetProperty("transfer_id", out var transfer) ? transfer.GetString() : null));
            // A transfer carries the settlements of earlier ones: each as if written alone, at the same place.
            if (e.TryGetProperty("settles", out var settles) && settles.ValueKind == JsonValueKind.Array)
                foreach (var settled in settles.EnumerateArray())
                    accounts.Add(new AccountEntry(persistenceId["account-".Length..], sequence, "TransferSettled", 0, null, null,
                        settled.GetProperty("transfer_id").GetString()));
        }
        return new JournalHistory(accounts);
    }

    /// <summary>
    /// A client's key as it sent it: the gateway stores it behind the scope of the API key that sent it (16 hex
    /// digits and a colon). The workload sends through one API key, so its keys stay distinct without it.
    /// A transfer's own key (its credit) has no scope and stays as it is.
    /// </summary>
    private static string ClientKey(string stored) => ScopedKey().Match(stored) is { Success: true } scoped ? scoped.Groups[1].Value : stored;

    [GeneratedRegex("^[0-9a-f]{16}:(.*)$", RegexOptions.Singleline)]
    private static partial Regex ScopedKey();

    private static long? Long(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetInt64() : null;
}
