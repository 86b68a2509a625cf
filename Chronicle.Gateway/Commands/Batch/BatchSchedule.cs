using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands.Batch;

/// <summary>
/// Runs a batch's commands in an order that means the same as sending them one after another. A command starts
/// once every earlier command that touches one of the same accounts or transfers (<see cref="ParsedCommand.Touches"/>)
/// has answered; commands with nothing in common run at once, which is what makes a batch fast: a batch of
/// deposits to a hundred accounts is a hundred asks in flight together. A command whose accounts are not known
/// before it runs (a post, a void) waits for everything before it, and everything after it waits for it.
///
/// Waiting for the answer, not just sending in order, is what keeps the order in every case: a shard region
/// delivers one sender's messages in order, but a transfer with a named id or a post first asks the journal, a
/// transfer's credit reaches its target from the source account, and a message dropped while its shard is handed
/// over is sent again after the others. The price: commands to one account within a batch do not share a journal
/// write (the account batches only what is queued at once).
/// </summary>
internal static class BatchSchedule
{
    /// <summary>Starts every command (those already answered, refused before running, are given as answers); returns the answers in order.</summary>
    public static Task<CommandAnswer>[] Start(IReadOnlyList<BatchItem> items, CommandContext context, ILogger log)
    {
        var answers = new Task<CommandAnswer>[items.Count];
        var lastByTouch = new Dictionary<string, Task>(StringComparer.Ordinal);
        var sinceBarrier = new List<Task>();
        Task barrier = Task.CompletedTask;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Answer is { } answer)
            {
                answers[i] = Task.FromResult(answer);
                continue;
            }

            var command = items[i].Command!;
            if (command.Touches is not { } touches)
            {
                answers[i] = RunAfterAsync([barrier, .. sinceBarrier], command, context, log);
                barrier = answers[i];
                lastByTouch.Clear();
                sinceBarrier.Clear();
                continue;
            }

            Task[] before = [barrier, .. touches.Select(t => lastByTouch.GetValueOrDefault(t)).OfType<Task>()];
            answers[i] = RunAfterAsync(before, command, context, log);
            foreach (var touch in touches) lastByTouch[touch] = answers[i];
            sinceBarrier.Add(answers[i]);
        }
        return answers;
    }

    /// <summary>
    /// Runs the command once <paramref name="before"/> answered (at once, before returning, when they all have).
    /// A fault of the command is its own 500, as its route would answer, and the rest of the batch goes on; a
    /// cancelled request (client gone, request timeout) ends the whole batch.
    /// </summary>
    private static async Task<CommandAnswer> RunAfterAsync(Task[] before, ParsedCommand command, CommandContext context, ILogger log)
    {
        await Task.WhenAll(before);
        try
        {
            return await command.RunAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "a batch command failed");
            return CommandAnswer.Of(Problems.ForStatus(StatusCodes.Status500InternalServerError));
        }
    }
}
