using System.Globalization;

namespace Chronicle.Chaos;

/// <summary>The command line of <c>./chronicle chaos</c>: where the stack is, and the run's <see cref="ChaosOptions"/>.</summary>
internal sealed record ChaosArguments(Uri Url, string EventStore, string Chronicle, int LedgerNodes, ChaosOptions Options)
{
    /// <exception cref="ArgumentException">The command line is wrong; the message says how.</exception>
    public static ChaosArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count) throw new ArgumentException($"unexpected '{args[i]}'");
            values[args[i][2..]] = args[++i];
        }
        string Required(string name) => values.Remove(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback, int min, int max) =>
            !values.Remove(name, out var text) ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw new ArgumentException($"--{name} takes a whole number from {min} to {max}, not '{text}'");

        var url = Uri.TryCreate(Required("url"), UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--url is not a URL");
        var arguments = new ChaosArguments(url, Required("event-store"), Required("chronicle"), Number("nodes", 3, 3, 9), new ChaosOptions
        {
            Duration = TimeSpan.FromSeconds(Number("duration", 300, 10, 86_400)),
            Clients = Number("clients", 8, 1, 256),
            Accounts = Number("accounts", 20, 2, 100_000),
            FaultEvery = TimeSpan.FromSeconds(Number("fault-every", 20, 1, 3600)),
            FaultLength = TimeSpan.FromSeconds(Number("fault-length", 15, 1, 3600)),
            Seed = Number("seed", Random.Shared.Next(1 << 20), 0, int.MaxValue),
        });
        if (values.Count > 0) throw new ArgumentException($"unknown option --{values.Keys.First()}");
        return arguments;
    }
}
