namespace Chronicle.Chaos.Nemesis;

/// <summary>A fault done to a process at once (killed, stopped), that holds until the nemesis's heal starts it again (or, for the event store, until it recovers by itself).</summary>
internal sealed class ProcessFault(string name, TimeSpan length, Func<Random, Task<string>> inject) : IFault
{
    public string Name => name;

    public TimeSpan Length(Random random) => length;

    public Task<string> InjectAsync(Random random) => inject(random);

    public Task EndAsync() => Task.CompletedTask;
}
