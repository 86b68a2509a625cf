using Chronicle.Contracts.Chain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// The source account's settlements, written late and, when they can be, for free (<see cref="Settlements"/>): a transfer
/// whose credit the target confirmed is answered completed at once, and its settlement waits, unwritten, to ride on the
/// account's next <see cref="TransferSent"/>. What no transfer carries within <see cref="TransferSettings.SettlementDelay"/>
/// is written then as <see cref="TransferSettled"/> events, and so is everything waiting before whatever reads the open
/// transfers (a close, a transfer at the limit of open transfers, a strong read) and before the account stops.
///
/// Unwritten, a settlement is not in <c>_pending</c>: decisions still count its transfer as in flight, which only a close
/// and the open-transfer limit look at. Lost in a crash, it is decided again: the restarted account sends the credit once
/// more (a resend) and hears the target's recorded answer.
/// </summary>
internal sealed partial class AccountActor
{
    private const string SettlementTimer = "settlements";

    /// <summary>Settlements decided and answered, not yet written, oldest first.</summary>
    private readonly List<TransferSettled> _unwrittenSettlements = [];

    private void KeepUnwritten(TransferSettled settlement)
    {
        // Its transfer is still in flight in _pending, so its credit could be answered twice (a late answer); it settles once.
        if (_unwrittenSettlements.Exists(waiting => waiting.TransferId == settlement.TransferId)) return;
        _unwrittenSettlements.Add(settlement);
        // A stopping account writes at once: nothing it keeps unwritten outlives it.
        if (_stopping || _unwrittenSettlements.Count >= Settlements.MaxCarried) WriteUnwrittenSettlements();
        else if (!Timers.IsTimerActive(SettlementTimer)) Timers.StartSingleTimer(SettlementTimer, WriteSettlements.Instance, _transfers.SettlementDelay);
    }

    /// <summary><paramref name="decided"/>, or the transfer it is carrying every settlement waiting.</summary>
    private IAccountEvent CarryingUnwrittenSettlements(IAccountEvent decided)
    {
        if (decided is not TransferSent sent || _unwrittenSettlements.Count == 0) return decided;
        var carrying = Settlements.Carrying(sent, _unwrittenSettlements);
        _unwrittenSettlements.Clear();
        Timers.Cancel(SettlementTimer);
        return carrying;
    }

    /// <summary>The commands whose decision reads the open transfers: a close, a transfer or hold at the limit of open ones.</summary>
    private bool ReadsOpenTransfers(IAccountCommand command) =>
        command is CloseAccount || command is SendTransfer && _pending.Outgoing.Count >= AccountLimits.MaxOpenTransfers;

    /// <summary>Writes every waiting settlement as a <see cref="TransferSettled"/> of its own; false when none waits.</summary>
    private bool WriteUnwrittenSettlements()
    {
        Timers.Cancel(SettlementTimer);
        if (_unwrittenSettlements.Count == 0) return false;
        var chained = new List<ChainedEvent>(_unwrittenSettlements.Count);
        foreach (var settlement in _unwrittenSettlements) chained.Add(Decided(Settlements.WrittenAlone(settlement, _pending, _settings.Clock())));
        _unwrittenSettlements.Clear();
        _ownWritesInFlight += chained.Count;
        PersistAllAsync(chained, _onOwnEventPersisted);
        return true;
    }
}
