using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Chronicle.Chaos.Checker;

/// <summary>One account event, as the journal holds it.</summary>
/// <param name="Type">The manifest without its version ("MoneyDeposited").</param>
/// <param name="BalanceAfter">The balance the event recorded after itself; null for events that move no money.</param>
/// <param name="Key">The Idempotency-Key it was written under, as the client sent it (a saga's step key for transfer legs).</param>
internal sealed record AccountEntry(string AccountId, long Sequence, string Type, long AmountMinorUnits, long? BalanceAfter, string? Key, string? TransferId);

/// <summary>One event of a transfer saga.</summary>
internal sealed record SagaEntry(string TransferId, long Sequence, string Type);

/// <summary>
/// The journal's events of the run's accounts and transfers, read as JSON straight from the table: the
/// checker shares no code with the ledger it checks (the payloads are the ledger serializer's snake_case JSON).
/// </summary>
internal sealed partial record JournalHistory(IReadOnlyList<AccountEntry> Accounts, IReadOnlyList<SagaEntry> Sagas)
{
    /// <summary>Each transfer's last saga event ("TransferCompleted", "TransferFailed", or where it stopped), by transfer id.</summary>
    public IReadOnlyDictionary<string, string> SagaEnds() =>
        Sagas.GroupBy(s => s.TransferId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Sequence)!.Type);

    /// <summary>The transfers' saga events alone, no account's: enough to see whether the sagas have ended.</summary>
    public static Task<JournalHistory> ReadSagasAsync(string eventStore, IReadOnlyCollection<string> transferIds, CancellationToken cancellationToken) =>
        ReadAsync(eventStore, [], transferIds, cancellationToken);

    public static async Task<JournalHistory> ReadAsync(string eventStore, IReadOnlyCollection<string> accountIds, IReadOnlyCollection<string> transferIds,
        CancellationToken cancellationToken)
    {
        var persistenceIds = accountIds.Select(id => "account-" + id).Concat(transferIds.Select(id => "transfer-" + id)).ToArray();
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, sequence_number, manifest, message FROM journal " +
            "WHERE persistence_id = ANY(@ids) AND NOT deleted ORDER BY persistence_id, sequence_number", connection);
        command.Parameters.AddWithValue("ids", persistenceIds);
        var accounts = new List<AccountEntry>();
        var sagas = new List<SagaEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var persistenceId = reader.GetString(0);
            var sequence = reader.GetInt64(1);
            var type = reader.GetString(2).Split('.')[0];
            if (persistenceId.StartsWith("transfer-", StringComparison.Ordinal))
            {
                sagas.Add(new SagaEntry(persistenceId["transfer-".Length..], sequence, type));
                continue;
            }
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
        }
        return new JournalHistory(accounts, sagas);
    }

    /// <summary>
    /// A client's key as it sent it: the gateway stores it behind the scope of the API key that sent it (16 hex
    /// digits and a colon). The workload sends through one API key, so its keys stay distinct without it.
    /// A saga's step key has no scope and stays as it is.
    /// </summary>
    private static string ClientKey(string stored) => ScopedKey().Match(stored) is { Success: true } scoped ? scoped.Groups[1].Value : stored;

    [GeneratedRegex("^[0-9a-f]{16}:(.*)$", RegexOptions.Singleline)]
    private static partial Regex ScopedKey();

    private static long? Long(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetInt64() : null;
}
