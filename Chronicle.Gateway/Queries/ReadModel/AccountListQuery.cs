using Chronicle.Contracts.Serialization;
using Chronicle.Domain;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>A page of accounts in id order, after a cursor, by id prefix and, when asked, by labels (GET /accounts).</summary>
internal static class AccountListQuery
{
    // An id range, so the primary key's index serves it: every id starting with the prefix sorts from the
    // prefix up to the prefix followed by '~', which sorts after every character an id may hold
    // ([A-Za-z0-9_-]) in the read model's C collation. starts_with keeps the answer exact under any other.
    // One more row than the page, to know whether there is a next one.
    private const string PageSql =
        $"SELECT {AccountQuery.Columns}, account_id FROM account_balance " +
        "WHERE account_id >= $1 AND account_id < $2 AND starts_with(account_id, $1) AND account_id > $3 ORDER BY account_id LIMIT $4";

    // A statement of its own rather than "$5 IS NULL OR ...", so each keeps its plan: the labels by account_balance_metadata_idx.
    private const string MatchingPageSql =
        $"SELECT {AccountQuery.Columns}, account_id FROM account_balance " +
        "WHERE account_id >= $1 AND account_id < $2 AND starts_with(account_id, $1) AND account_id > $3 AND metadata @> $5 ORDER BY account_id LIMIT $4";

    public static async Task<AccountsResponse> PageAsync(NpgsqlDataSource source, string prefix, ClientMetadata? filter, string after, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(filter is null ? PageSql : MatchingPageSql);
        command.Parameters.Add(Sql.Param(prefix));
        command.Parameters.Add(Sql.Param(prefix + "~"));
        command.Parameters.Add(Sql.Param(after));
        command.Parameters.Add(Sql.Param(limit + 1));
        if (filter is not null) command.Parameters.Add(Sql.Jsonb(MetadataJson.ToJson(filter)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountResponse>();
        while (await reader.ReadAsync(cancellationToken)) accounts.Add(AccountQuery.Read(reader.GetString(AccountQuery.NextOrdinal), reader));
        return accounts.Count > limit ? new AccountsResponse(accounts[..limit], accounts[limit - 1].AccountId) : new AccountsResponse(accounts, null);
    }
}
