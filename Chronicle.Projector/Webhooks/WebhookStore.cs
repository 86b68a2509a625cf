using Npgsql;

namespace Chronicle.Projector.Webhooks;

/// <summary>An endpoint as the operator's list shows it (the secret in full: the caller decides what to show).</summary>
internal sealed record WebhookEndpointRow(
    string Id, string Url, IReadOnlyList<string> EventTypes, string Secret, DateTimeOffset CreatedAt, long DeadLetters, bool Paused)
{
    public WebhookEndpoint Endpoint => new(Id, new Uri(Url), EventTypes.ToHashSet(StringComparer.Ordinal), Secret);
}

/// <summary>One dead letter: the message as it was sent (its webhook-id and body) and the attempts made at it.</summary>
internal sealed record WebhookDeadLetterRow(long Id, WebhookMessage Message, int Attempts);

/// <summary>One attempt of the delivery log.</summary>
internal sealed record WebhookAttemptRow(
    string WebhookId, string EventType, string AccountId, long Version, int Attempt, string Outcome, int? StatusCode, int DurationMs, string? Error,
    DateTimeOffset AttemptedAt);

/// <summary>
/// The webhook tables of the read model's database (migrations 0006, 0009): endpoints with their checkpoints, the
/// delivery log, the dead letters. Used by the gateway's admin routes and by the lanes that deliver.
/// </summary>
internal sealed class WebhookStore(NpgsqlDataSource dataSource)
{
    public const string Delivered = "delivered", Failed = "failed", DeadLettered = "dead_lettered";

    /// <summary>The longest error text kept for an attempt: the reason, not a receiver's essay.</summary>
    private const int MaxErrorLength = 500;

    /// <summary>Arbitrary, fixed: the advisory lock that makes counting and adding endpoints one step.</summary>
    private const long RegistrationLockKey = 0x43_68_72_6F_6E_57_48; // "ChronWH"

    private const string EndpointColumns =
        "e.id, e.url, e.event_types, e.secret, e.created_at, (SELECT count(*) FROM webhook_dead_letters d WHERE d.endpoint_id = e.id), e.paused";

    /// <summary>Adds an endpoint unless there are <paramref name="maxEndpoints"/> already; when it was made, or null then.</summary>
    public async Task<DateTimeOffset?> CreateAsync(string id, string url, IReadOnlyList<string> eventTypes, string secret, ulong checkpoint,
        int maxEndpoints, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two registrations at once must not both see room for one more.
        await using (var locking = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({RegistrationLockKey})", connection, transaction))
            await locking.ExecuteNonQueryAsync(cancellationToken);
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM webhook_endpoints", connection, transaction))
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= maxEndpoints) return null;
        await using var insert = new NpgsqlCommand(
            "INSERT INTO webhook_endpoints (id, url, event_types, secret, checkpoint) VALUES ($1, $2, $3, $4, $5) RETURNING created_at", connection, transaction);
        foreach (var value in new object[] { id, url, eventTypes.ToArray(), secret, (long)checkpoint })
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        var createdAt = (DateTime)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return new DateTimeOffset(createdAt, TimeSpan.Zero);
    }

    public Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(CancellationToken cancellationToken) =>
        EndpointsAsync("ORDER BY e.created_at, e.id", [], cancellationToken);

    /// <summary>The endpoint; null when there is none.</summary>
    public async Task<WebhookEndpointRow?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await EndpointsAsync("WHERE e.id = $1", [id], cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<WebhookEndpointRow>> EndpointsAsync(string condition, object[] values, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {EndpointColumns} FROM webhook_endpoints e {condition}");
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<WebhookEndpointRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new WebhookEndpointRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetBoolean(6)));
        return rows;
    }

    /// <summary>Pauses the endpoint's deliveries, or resumes them; false when there is no such endpoint.</summary>
    public async Task<bool> SetPausedAsync(string id, bool paused, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE webhook_endpoints SET paused = $2 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = paused });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Deletes the endpoint with its log and dead letters; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM webhook_endpoints WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The endpoint's checkpoint; null when it was deleted.</summary>
    public async Task<ulong?> CheckpointAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT checkpoint FROM webhook_endpoints WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return await command.ExecuteScalarAsync(cancellationToken) is long checkpoint ? (ulong)checkpoint : null;
    }

    /// <summary>Moves the checkpoint forward (never back); false when the endpoint was deleted.</summary>
    public async Task<bool> SaveCheckpointAsync(string id, ulong checkpoint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE webhook_endpoints SET checkpoint = GREATEST(checkpoint, $2) WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)checkpoint });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Logs an attempt; the last failed one (<paramref name="deadLetterSequence"/> given: the message's stream
    /// sequence) with its dead letter, in one transaction.
    /// </summary>
    public async Task RecordAttemptAsync(string endpointId, WebhookMessage message, int attempt, AttemptResult result, ulong? deadLetterSequence,
        CancellationToken cancellationToken)
    {
        var outcome = result.Delivered ? Delivered : deadLetterSequence is null ? Failed : DeadLettered;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(AttemptStatement(endpointId, message, attempt, outcome, result));
        if (deadLetterSequence is { } sequence)
            batch.BatchCommands.Add(Statement(
                "INSERT INTO webhook_dead_letters (endpoint_id, webhook_id, stream_sequence, payload, attempts, last_error) " +
                "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (endpoint_id, webhook_id) DO NOTHING",
                endpointId, message.WebhookId, (long)sequence, System.Text.Encoding.UTF8.GetString(message.Body.Span), attempt, ErrorOf(result) ?? ""));
        // A batch of several statements runs in one implicit transaction.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The endpoint's oldest <paramref name="limit"/> dead letters, in the order they were written.</summary>
    public async Task<IReadOnlyList<WebhookDeadLetterRow>> DeadLettersAsync(string endpointId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, webhook_id, payload, attempts FROM webhook_dead_letters WHERE endpoint_id = $1 ORDER BY id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = endpointId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<WebhookDeadLetterRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new WebhookDeadLetterRow(reader.GetInt64(0), WebhookMessage.Sent(reader.GetString(1), reader.GetString(2)), reader.GetInt32(3)));
        return rows;
    }

    /// <summary>The endpoint's dead letters, how many.</summary>
    public async Task<long> DeadLetterCountAsync(string endpointId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM webhook_dead_letters WHERE endpoint_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = endpointId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Logs a replayed dead letter's attempt and, in the same transaction, removes the letter when it was delivered,
    /// or counts the attempt and its error on it when it failed again (logged <c>dead_lettered</c>: no attempt follows).
    /// </summary>
    public async Task RecordReplayAsync(string endpointId, WebhookDeadLetterRow letter, AttemptResult result, CancellationToken cancellationToken)
    {
        var attempt = letter.Attempts + 1;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(AttemptStatement(endpointId, letter.Message, attempt, result.Delivered ? Delivered : DeadLettered, result));
        batch.BatchCommands.Add(result.Delivered
            ? Statement("DELETE FROM webhook_dead_letters WHERE id = $1", letter.Id)
            : Statement("UPDATE webhook_dead_letters SET attempts = $2, last_error = $3 WHERE id = $1", letter.Id, attempt, ErrorOf(result) ?? ""));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand AttemptStatement(string endpointId, WebhookMessage message, int attempt, string outcome, AttemptResult result) =>
        Statement(
            "INSERT INTO webhook_attempts (endpoint_id, webhook_id, event_type, account_id, version, attempt, outcome, status_code, duration_ms, error) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            endpointId, message.WebhookId, message.EventType, message.AccountId, message.Version, attempt, outcome,
            (object?)result.StatusCode ?? DBNull.Value, (int)result.Duration.TotalMilliseconds, (object?)ErrorOf(result) ?? DBNull.Value);

    private static string? ErrorOf(AttemptResult result) => result.Error is { Length: > MaxErrorLength } text ? text[..MaxErrorLength] : result.Error;

    /// <summary>Deletes the endpoint's attempts but the newest <paramref name="keep"/>.</summary>
    public async Task PruneAttemptsAsync(string endpointId, int keep, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM webhook_attempts WHERE endpoint_id = $1 AND id <= " +
            "(SELECT id FROM webhook_attempts WHERE endpoint_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = endpointId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = keep });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The endpoint's newest <paramref name="limit"/> attempts, newest first; null when there is no such endpoint.</summary>
    public async Task<IReadOnlyList<WebhookAttemptRow>?> AttemptsAsync(string endpointId, int limit, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Statement("SELECT 1 FROM webhook_endpoints WHERE id = $1", endpointId));
        batch.BatchCommands.Add(Statement(
            "SELECT webhook_id, event_type, account_id, version, attempt, outcome, status_code, duration_ms, error, attempted_at " +
            "FROM webhook_attempts WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2", endpointId, limit));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<WebhookAttemptRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new WebhookAttemptRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        return rows;
    }

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var value in values) statement.Parameters.Add(new NpgsqlParameter { Value = value });
        return statement;
    }
}
