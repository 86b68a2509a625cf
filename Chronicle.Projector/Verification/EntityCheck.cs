using System.Text;
using Chronicle.Domain;
using Npgsql;

namespace Chronicle.Projector.Verification;

/// <summary>
/// One read-model table as <c>verify</c> reads it: each row's id, version and the fields it compares, as text,
/// in the form <see cref="JournalFold"/> gives the same fields folded from the journal.
/// </summary>
/// <param name="RowsSql">Selects the id, the version, then the <paramref name="FieldNames"/> as text.</param>
internal sealed record EntityCheck(string EntityType, string IdColumn, string RowsSql, IReadOnlyList<string> FieldNames)
{
    /// <summary>
    /// A row's metadata as text verify compares (<see cref="MetadataText"/> gives the journal's alike): each key, then its value,
    /// in the byte order of their UTF-8 (PostgreSQL's "C" collation), separated by control characters no key or value may hold.
    /// </summary>
    private const string MetadataSql =
        "COALESCE((SELECT string_agg(key || chr(30) || value, chr(31) ORDER BY key COLLATE \"C\") FROM jsonb_each_text(metadata)), '')";

    /// <summary>
    /// Balance, holds (its own, and others' pending towards it), status, number of money movements, overdraft limit and metadata of
    /// each account, as of its version.
    /// </summary>
    public static readonly EntityCheck Accounts = new(
        "account",
        "account_id",
        "SELECT account_id, version, balance_minor_units::text, held_minor_units::text, pending_incoming_minor_units::text, status, " +
        $"transaction_count::text, overdraft_limit_minor_units::text, {MetadataSql} FROM account_balance",
        ["balance_minor_units", "held_minor_units", "pending_incoming_minor_units", "status", "transaction_count", "overdraft_limit_minor_units", "metadata"]);

    /// <summary>
    /// What each transfer row shows, as of its source's version. The hold's timeout in whole seconds: the
    /// database keeps microseconds, the event ticks.
    /// </summary>
    public static readonly EntityCheck Transfers = new(
        "transfer",
        "transfer_id",
        $"""
        SELECT transfer_id, source_version, from_account_id, to_account_id, currency, amount_minor_units::text,
               COALESCE(posted_amount_minor_units::text, ''), status, COALESCE(floor(extract(epoch FROM expires_at))::bigint::text, ''),
               COALESCE(credit_event_id::text, ''), COALESCE(failure_reason, ''), pending_at_target::text, {MetadataSql}
        FROM transfers
        """,
        ["from_account_id", "to_account_id", "currency", "amount_minor_units", "posted_amount_minor_units", "status", "expires_at",
            "credit_event_id", "failure_reason", "pending_at_target", "metadata"]);

    /// <summary>Labels as <see cref="MetadataSql"/> reads them from a row: "" for none.</summary>
    public static string MetadataText(ClientMetadata? metadata) =>
        metadata is null ? "" : string.Join('\u001f', metadata.Entries.OrderBy(e => e.Key, Utf8Order).Select(e => e.Key + '\u001e' + e.Value));

    private static readonly Comparer<string> Utf8Order =
        Comparer<string>.Create((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    /// <summary>Read-model rows by entity id: their version and field values, in <see cref="FieldNames"/> order.</summary>
    public async Task<Dictionary<string, (long Version, string[] Fields)>> ReadRowsAsync(
        NpgsqlDataSource readModel, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        await using var command = readModel.CreateCommand(ids is null ? RowsSql : $"{RowsSql} WHERE {IdColumn} = ANY($1)");
        if (ids is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids.ToArray() });
        var rows = new Dictionary<string, (long, string[])>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetString(0)] = (reader.GetInt64(1), Enumerable.Range(2, FieldNames.Count).Select(reader.GetString).ToArray());
        }
        return rows;
    }
}
