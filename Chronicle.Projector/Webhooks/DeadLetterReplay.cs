namespace Chronicle.Projector.Webhooks;

/// <summary>What one replay of an endpoint's dead letters came to; <paramref name="Remaining"/> counted after it.</summary>
internal sealed record DeadLetterReplayResult(int Delivered, int Failed, long Remaining);

/// <summary>
/// Sends an endpoint's dead letters again (POST /admin/webhooks/{id}/dead-letters/replay, docs/WEBHOOKS.md): the
/// oldest first, one after another, each once, with its webhook-id and body as first sent (receivers dedupe on the
/// id), signed afresh by the guarded sender as every attempt is. A letter delivered leaves the dead letters; one that
/// fails stays, its attempts and last error updated, and ends the replay: the receiver is still down or refusing, and
/// every later letter would wait out the same timeout (a replay of 1,000 letters, hours) to fail the same way. Every
/// attempt is logged.
/// </summary>
internal static class DeadLetterReplay
{
    /// <summary>Null when there is no such endpoint.</summary>
    public static async Task<DeadLetterReplayResult?> RunAsync(WebhookStore store, WebhookSender sender, string endpointId, int limit,
        CancellationToken cancellationToken)
    {
        if (await store.FindAsync(endpointId, cancellationToken) is not { } row) return null;
        var endpoint = row.Endpoint;
        int delivered = 0, failed = 0;
        foreach (var letter in await store.DeadLettersAsync(endpointId, limit, cancellationToken))
        {
            var result = await sender.SendAsync(endpoint, letter.Message, cancellationToken);
            await store.RecordReplayAsync(endpointId, letter, result, cancellationToken);
            if (!result.Delivered)
            {
                failed++;
                break;
            }
            delivered++;
        }
        return new DeadLetterReplayResult(delivered, failed, await store.DeadLetterCountAsync(endpointId, cancellationToken));
    }
}
