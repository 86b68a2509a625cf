namespace Chronicle.Gateway.Commands;

internal sealed record TransferLegResponse(Guid EventId, string AccountId, string Type);

/// <summary>
/// A transfer that completed, or a hold recorded (status "held"), with the account events it made so far (none when
/// a request sent again after its transfer ended is answered from the read model).
/// </summary>
internal sealed record TransferRecordedResponse(bool Success, string TransferId, string Status, IReadOnlyList<TransferLegResponse> Events);

/// <summary>A transfer recorded and still running: GET /transfers/{id} (the Location) tells how it ends.</summary>
internal sealed record TransferRunningResponse(string TransferId, string Status);

/// <summary>A hold posted and credited: <c>amount</c> is what the target got, at the currency's scale.</summary>
internal sealed record TransferPostedResponse(bool Success, string TransferId, string Status, string Amount);

/// <summary>A hold voided: the whole amount is available to its source again.</summary>
internal sealed record TransferVoidedResponse(bool Success, string TransferId, string Status);
