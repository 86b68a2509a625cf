using System.Globalization;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Projector.Projection;
using Npgsql;

namespace Chronicle.Projector.Verification;

/// <summary>
/// How <c>verify</c> compares one kind of entity: its read-model rows (version and the fields shown)
/// against the same fields folded from its journal events, with the ledger's own fold.
/// </summary>
/// <param name="RowsSql">Selects the id, the version, then the <paramref name="FieldNames"/> as text.</param>
/// <param name="FoldTo">The fields of entity (id) folded from the first (version) events of its history, in <paramref name="FieldNames"/> order.</param>
public sealed record EntityCheck(
    string EntityType,
    string IdColumn,
    string RowsSql,
    IReadOnlyList<string> FieldNames,
    Func<string, IReadOnlyList<object>, long, string[]> FoldTo)
{
    /// <summary>Balance, status and number of money movements of each account.</summary>
    public static readonly EntityCheck Accounts = new(
        ReadModelChanges.AccountType,
        "account_id",
        "SELECT account_id, version, balance_minor_units::text, status, transaction_count::text FROM account_balance",
        ["balance_minor_units", "status", "transaction_count"],
        (accountId, events, version) =>
        {
            var history = events.Take((int)version).Cast<IAccountEvent>().ToList();
            var state = AccountState.Initial(accountId).ApplyAll(history);
            var transactions = history.Count(e => TransactionTypes.Of(e) is not null);
            return [state.BalanceMinorUnits.ToString(CultureInfo.InvariantCulture), state.Status.ToString().ToLowerInvariant(),
                transactions.ToString(CultureInfo.InvariantCulture)];
        });

    /// <summary>Status and failure reason of each transfer.</summary>
    public static readonly EntityCheck Transfers = new(
        ReadModelChanges.TransferType,
        "transfer_id",
        "SELECT transfer_id, version, status, COALESCE(failure_reason, '') FROM transfers",
        ["status", "failure_reason"],
        (transferId, events, version) =>
        {
            var state = events.Take((int)version).Cast<ITransferEvent>().Aggregate(TransferState.Initial(transferId), (s, e) => s.Apply(e));
            return [state.Status.ToString().ToLowerInvariant(), state.FailureReason ?? ""];
        });

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
