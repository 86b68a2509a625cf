using Chronicle.Domain.Transfers;

namespace Chronicle.Contracts.Transfers;

public sealed record GetTransfer(string TransferId) : ITransferMessage;

/// <summary>The transfer's state: the answer to <see cref="GetTransfer"/>, and to <see cref="StartTransfer"/> once it finished.</summary>
public sealed record TransferStateReply(TransferState State);

/// <summary>Carry on with an unfinished transfer (sent by the transfer recovery scan); ignored by a finished one.</summary>
public sealed record ResumeTransfer(string TransferId) : ITransferMessage;
