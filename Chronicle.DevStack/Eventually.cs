namespace Chronicle.DevStack;

/// <summary>Waits for a condition with a deadline, polling: how the launchers wait for a server, never a bare sleep.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"not within {deadline.TotalSeconds:0}s: {what} (last: {last})");
            await Task.Delay(50);
            last = await probe();
        }
        return last;
    }
}
