using System.Diagnostics;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Serialization;
using Chronicle.Contracts.Transfers;
using Chronicle.Contracts.Tracing;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// The account's spans (docs/TRACING.md): a command decided and answered (<see cref="CommandSpan"/>), under the
/// request that sent it, and its event's journal write (<see cref="WriteSpan"/>), under the command. They carry no
/// account id, amount or text of the client's: the command's name, the outcome, the event's id, type and version.
/// </summary>
public static class AccountTracing
{
    public const string SourceName = "Chronicle.Accounts";

    public const string CommandSpan = "account command";
    public const string WriteSpan = "journal write";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The traceparent a command is sent with from the current request (<see cref="TracedCommand"/>); null while this
    /// node traces nothing, so an untraced node sends its commands as they are.
    /// </summary>
    public static string? CurrentTraceParent() => Source.HasListeners() ? TraceContext.Of(Activity.Current) : null;

    /// <summary>The span of <paramref name="traced"/>'s command at its account; null when nobody records it.</summary>
    internal static Activity? StartCommand(TracedCommand traced, string commandName)
    {
        var span = TraceContext.StartDetached(Source, CommandSpan, ActivityKind.Server, TraceContext.Parse(traced.TraceParent));
        span?.SetTag("chronicle.command", commandName);
        return span;
    }

    /// <summary>The span of the journal write of <paramref name="event"/>, decided by the command of <paramref name="command"/>.</summary>
    internal static Activity? StartWrite(Activity? command, IAccountEvent @event, long version)
    {
        if (command is null) return null;
        var span = TraceContext.StartDetached(Source, WriteSpan, ActivityKind.Client, command.Context);
        span?.SetTag("chronicle.event_id", @event.EventId.ToString())
            .SetTag("chronicle.event_type", LedgerCodec.Manifest(@event))
            .SetTag("chronicle.version", version);
        return span;
    }

    /// <summary>Ends a command's span with its answer: accepted, replayed or rejected (an error only when the ledger could not answer).</summary>
    internal static void Answered(Activity? span, object reply)
    {
        if (span is null) return;
        var (outcome, failed) = reply switch
        {
            WriteAccepted { Replayed: true } => ("replayed", false),
            CommandRejected { Code: RejectionCode.Unavailable } => ("unavailable", true),
            CommandRejected rejected => (RejectionCodes.ToSnakeCase(rejected.Code), false),
            TransferOutcome transfer => (transfer.Status, false),
            _ => ("accepted", false),
        };
        span.SetTag("chronicle.outcome", outcome);
        TraceContext.Stop(span, failed ? ActivityStatusCode.Error : ActivityStatusCode.Unset, failed ? outcome : null);
    }
}
