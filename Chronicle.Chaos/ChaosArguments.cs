using System.Globalization;
using Chronicle.Chaos.Nemesis;

namespace Chronicle.Chaos;

/// <summary>The command line of <c>./chronicle chaos</c>: where the stack is, and the run's <see cref="ChaosOptions"/>.</summary>
internal sealed record ChaosArguments(Uri Url, string EventStore, string Chronicle, ChaosOptions Options)
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
        int Number(string name, string? text, int min, int max) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw new ArgumentException($"--{name} takes a whole number from {min} to {max}, not '{text}'");
        int Optional(string name, int fallback, int min, int max) => values.Remove(name, out var text) ? Number(name, text, min, max) : fallback;

        var url = Uri.TryCreate(Required("url"), UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--url is not a URL");
        var partition = (values.Remove("partition-length", out var range) ? range : "20-40").Split('-');
        var (shortest, longest) = partition.Length == 2
            ? (Number("partition-length", partition[0], 1, 3600), Number("partition-length", partition[1], 1, 3600))
            : throw new ArgumentException($"--partition-length takes MIN-MAX seconds, not '{range}'");
        var arguments = new ChaosArguments(url, Required("event-store"), Required("chronicle"), new ChaosOptions
        {
            Duration = TimeSpan.FromSeconds(Optional("duration", 300, 10, 86_400)),
            Clients = Optional("clients", 8, 1, 256),
            Accounts = Optional("accounts", 20, 2, 100_000),
            FaultEvery = TimeSpan.FromSeconds(Optional("fault-every", 20, 1, 3600)),
            FaultLength = TimeSpan.FromSeconds(Optional("fault-length", 15, 1, 3600)),
            PartitionShortest = TimeSpan.FromSeconds(shortest),
            PartitionLongest = TimeSpan.FromSeconds(Math.Max(shortest, longest)),
            Nemeses = values.Remove("nemesis", out var nemeses) ? Nemeses(nemeses) : null,
            Seed = Optional("seed", Random.Shared.Next(1 << 20), 0, int.MaxValue),
        });
        if (values.Count > 0) throw new ArgumentException($"unknown option --{values.Keys.First()}");
        return arguments;
    }

    private static IReadOnlyList<string> Nemeses(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = names.FirstOrDefault(name => !FaultNames.All.Contains(name));
        if (names.Count == 0 || unknown is not null)
            throw new ArgumentException($"--nemesis takes a comma-separated list of {string.Join(", ", FaultNames.All)}, not '{unknown ?? list}'");
        return names;
    }
}
