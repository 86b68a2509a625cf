namespace Chronicle.Gateway.Commands;

internal sealed record AccountCreatedResponse(bool Success, Guid EventId, string AccountId, long Version);

/// <summary>Answer to a deposit or withdrawal; <c>balance</c> is a decimal string at the currency's scale.</summary>
internal sealed record MoneyMovedResponse(bool Success, Guid EventId, long Version, string Balance);

/// <summary>Answer to the writes that move no money (freeze, unfreeze, close, set-overdraft-limit): the account's new version.</summary>
internal sealed record AccountChangedResponse(bool Success, long Version);
