namespace Chronicle.Contracts.Ids;

/// <summary>
/// The journal's stream names: "{entity type}-{entity id}". The one place they are built and taken
/// apart; the event feed's subjects (<see cref="Feed.EventFeed.EntityOf"/>) rest on the same shape.
/// </summary>
public static class PersistenceIds
{
    public const string AccountType = "account";
    public const string TransferType = "transfer";

    /// <summary>Every transfer saga's persistence id starts with this (for LIKE scans of the journal).</summary>
    public const string TransferPrefix = TransferType + "-";

    public static string Of(string entityType, string entityId) => $"{entityType}-{entityId}";

    public static string Account(string accountId) => Of(AccountType, accountId);

    public static string Transfer(string transferId) => Of(TransferType, transferId);

    public static string TransferIdOf(string persistenceId) =>
        persistenceId.StartsWith(TransferPrefix, StringComparison.Ordinal)
            ? persistenceId[TransferPrefix.Length..]
            : throw new ArgumentException($"'{persistenceId}' is not a transfer's persistence id", nameof(persistenceId));
}
