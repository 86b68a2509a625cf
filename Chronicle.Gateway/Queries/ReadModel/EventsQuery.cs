using Chronicle.Gateway.Http;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>The audit log (table <c>events</c>): all of it newest first, or one account's history oldest first.</summary>
public static class EventsQuery
{
    private const string Columns = "event_id, sequence, aggregate_id, aggregate_type, event_type, event_data::text, version, created_at";

    // Not count(*), which scans millions of rows: the projector counts what it applied, per partition.
    private const string TotalSql = "SELECT COALESCE(SUM(events_applied), 0)::bigint FROM projector_checkpoint";

    // Served by the primary key (sequence), walked backwards.
    private const string LogSql = $"SELECT {Columns} FROM events WHERE sequence > $1 AND sequence < $2 ORDER BY sequence DESC LIMIT $3";

    private const string AccountExistsSql = "SELECT 1 FROM account_balance WHERE account_id = $1";

    // Served by the unique key (aggregate_type, aggregate_id, version).
    private const string AccountHistorySql =
        $"SELECT {Columns} FROM events WHERE aggregate_type = 'account' AND aggregate_id = $1 AND version > $2 ORDER BY version LIMIT $3";

    /// <summary>Events with after &lt; sequence &lt; before, newest first, and how many the log holds.</summary>
    public static async Task<EventsResponse> LogAsync(NpgsqlDataSource source, long after, long before, int limit, CancellationToken cancellationToken)
    {
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(Sql.Statement(TotalSql));
        batch.BatchCommands.Add(Sql.Statement(LogSql, Sql.Param(after), Sql.Param(before), Sql.Param(limit)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        return new EventsResponse(await ReadEventsAsync(reader, cancellationToken), total);
    }

    /// <summary>One account's events with a version above <paramref name="after"/>, oldest first; null when the read model has no such account.</summary>
    public static Task<AccountEventsResponse?> AccountHistoryAsync(
        NpgsqlDataSource source, string accountId, long after, int limit, CancellationToken cancellationToken) =>
        Sql.AccountPageAsync(source, AccountExistsSql, AccountHistorySql, accountId, after, limit, async reader =>
        {
            await reader.NextResultAsync(cancellationToken);
            return new AccountEventsResponse(accountId, await ReadEventsAsync(reader, cancellationToken));
        }, cancellationToken);

    private static async Task<List<EventItem>> ReadEventsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var events = new List<EventItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new EventItem(
                reader.GetGuid(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                new RawJson(reader.GetString(5)),
                reader.GetInt64(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return events;
    }
}
