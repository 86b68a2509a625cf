namespace Chronicle.Gateway.Commands;

/// <summary>
/// Every write the API takes, each mapped as <c>POST /commands/{type}</c> and accepted as a batch command of that
/// <c>type</c>. A new write is one more <see cref="CommandKind"/> here: its single route and its place in the batch come
/// with it.
/// </summary>
internal static class CommandKinds
{
    public static readonly IReadOnlyList<CommandKind> All =
    [
        AccountWrites.Create,
        AccountWrites.Deposit,
        AccountWrites.Withdraw,
        AccountWrites.Freeze,
        AccountWrites.Unfreeze,
        AccountWrites.Close,
        AccountWrites.SetLimit,
        TransferWrites.Transfer,
        TransferWrites.Post,
        TransferWrites.Void,
    ];

    private static readonly IReadOnlyDictionary<string, CommandKind> ByType = All.ToDictionary(kind => kind.Type, StringComparer.Ordinal);

    /// <summary>The kinds' types, for what a client is told when it names none of them.</summary>
    public static readonly string TypeList = string.Join(", ", All.Select(kind => kind.Type));

    public static CommandKind? Find(string? type) => type is not null && ByType.TryGetValue(type, out var kind) ? kind : null;
}
