using System.Diagnostics;
using System.Globalization;

namespace Chronicle.Bench;

/// <summary>CPU used during a window, by process group, in cores (1.0 = one core busy the whole window).</summary>
internal sealed record CpuSplit(double Seconds, IReadOnlyDictionary<string, double> CoresByGroup, double MachineBusyPercent)
{
    /// <summary>CPU per operation (µs) of <paramref name="group"/>, or of every process when null: cores used × 1,000,000 ÷ operations per second.</summary>
    public static double MicrosPerOperation(CpuSplit cpu, double operationsPerSecond, string? group = null) =>
        (group is null ? cpu.CoresByGroup.Values.Sum() : cpu.CoresByGroup.GetValueOrDefault(group)) * 1_000_000 / operationsPerSecond;
}

/// <summary>
/// Reads /proc (Linux only) at the start and end of a window to say where the CPU went: the bench
/// client itself, the Chronicle node under test, the journal's PostgreSQL, the read model's, nats-server,
/// the other Chronicle nodes, the Aspire dev stack (orchestrator, dashboard, AppHost), pgbench, everything
/// else. Returns null elsewhere.
/// </summary>
internal static class CpuSampler
{
    public const string Client = "bench client";
    public const string Node = "chronicle node";
    public const string Postgres = "postgres";
    public const string ReadPostgres = "read postgres";
    public const string Nats = "nats";
    public const string OtherNodes = "other nodes";
    public const string Aspire = "aspire";
    public const string PgBench = "pgbench";
    public const string Other = "other";

    /// <summary>Every group, in the order the report prints them.</summary>
    public static readonly string[] Groups = [Client, Node, Postgres, ReadPostgres, Nats, OtherNodes, Aspire, PgBench, Other];

    /// <summary>USER_HZ; 100 on every mainstream Linux build.</summary>
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>Postmasters: each server's postmaster and the CPU of the backends it has reaped so far, by group.</summary>
    private sealed record Snapshot(
        long Timestamp, Dictionary<int, (string Group, long Ticks)> Processes, Dictionary<string, (int Pid, long ChildTicks)> Postmasters,
        long MachineBusy, long MachineTotal);

    public static async Task<CpuSplit?> MeasureWindowAsync(long startTimestamp, long endTimestamp, CancellationToken cancellationToken)
    {
        try
        {
            await DelayUntilAsync(startTimestamp, cancellationToken).ConfigureAwait(false);
            var before = Take();
            await DelayUntilAsync(endTimestamp, cancellationToken).ConfigureAwait(false);
            var after = Take();
            return before is null || after is null ? null : Diff(before, after);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CPUs the /proc/stat totals are over (may differ from ProcessorCount under a CPU quota).</summary>
    private static readonly Lazy<int> OnlineCpus = new(() =>
        Math.Max(1, File.ReadLines("/proc/stat").Count(l => l.Length > 3 && l.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(l[3]))));

    private static int _nodePort;
    private static int _pgPort;
    private static int _readPgPort;

    /// <summary>
    /// Tells the sampler which node and which PostgreSQL servers are under test: the processes that
    /// listen on these TCP ports (and the postmasters' children) are grouped as such; other
    /// Chronicle nodes count as "other nodes", other PostgreSQL servers as "other".
    /// </summary>
    public static void Watch(int nodePort, int pgPort, int readPgPort)
    {
        _nodePort = nodePort;
        _pgPort = pgPort;
        _readPgPort = readPgPort;
    }

    /// <summary>Ticks: the process's own user+system time; ChildTicks: that of its exited, reaped children.</summary>
    private sealed record Proc(int Pid, string Comm, int ParentPid, long Ticks, long ChildTicks);

    private static Snapshot? Take()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat")) return null;
        try
        {
            var timestamp = Stopwatch.GetTimestamp();
            var all = new Dictionary<int, Proc>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (ReadProcess(pid) is { } proc) all[pid] = proc;
            }
            var (busy, total) = ReadMachine();

            var node = ListenerPid(_nodePort, all.Values.Where(p => p.Comm == "dotnet" || p.Comm.StartsWith("Chronicle", StringComparison.Ordinal)));
            var postmasters = new Dictionary<string, (int Pid, long ChildTicks)>(StringComparer.Ordinal);
            foreach (var (group, port) in new[] { (Postgres, _pgPort), (ReadPostgres, _readPgPort) })
                if (ListenerPid(port, all.Values.Where(p => p.Comm == "postgres" && all.GetValueOrDefault(p.ParentPid)?.Comm != "postgres")) is { } pm)
                    postmasters[group] = (pm, all[pm].ChildTicks);

            var processes = new Dictionary<int, (string, long)>();
            foreach (var p in all.Values)
                if (p.Ticks > 0) processes[p.Pid] = (GroupOf(p, node, postmasters), p.Ticks);
            return new Snapshot(timestamp, processes, postmasters, busy, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static string GroupOf(Proc p, int? node, Dictionary<string, (int Pid, long ChildTicks)> postmasters)
    {
        if (p.Pid == Environment.ProcessId) return Client;
        if (p.Comm == "pgbench") return PgBench;
        if (p.Comm == "nats-server") return Nats;
        foreach (var (group, (pm, _)) in postmasters)
            if (p.Pid == pm || p.ParentPid == pm) return group;
        if (p.Comm == "postgres") return postmasters.Count == 0 ? Postgres : Other;
        if (p.Pid == node) return Node;
        var commandLine = ReadCommandLine(p.Pid);
        if (commandLine.Contains("Chronicle.Node", StringComparison.Ordinal)) return node is null ? Node : OtherNodes;
        // The orchestrator (dcp) and the dashboard run from their NuGet packages; the AppHost is ours.
        return commandLine.Contains("/aspire.", StringComparison.Ordinal) || commandLine.Contains("Chronicle.AppHost", StringComparison.Ordinal)
            ? Aspire
            : Other;
    }

    private static Proc? ReadProcess(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited in between
        }

        // "pid (comm) state ppid ... utime stime ..." where comm may hold spaces and parentheses.
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 15) return null;
        return new Proc(pid, stat[(open + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
    }

    /// <summary>The process among the candidates that holds a socket listening on this TCP port.</summary>
    private static int? ListenerPid(int port, IEnumerable<Proc> candidates)
    {
        if (port <= 0) return null;
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[3] != "0A") continue; // LISTEN
                var local = f[1];
                var colon = local.LastIndexOf(':');
                if (colon > 0 && int.TryParse(local[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) && p == port)
                    inodes.Add($"socket:[{f[9]}]");
            }
        }
        if (inodes.Count == 0) return null;

        foreach (var candidate in candidates)
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{candidate.Pid}/fd"))
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return candidate.Pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours to look at
            }
        }
        return null;
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static (long Busy, long Total) ReadMachine()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        return (total - idle, total);
    }

    private static CpuSplit Diff(Snapshot before, Snapshot after)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var ticksByGroup = Groups.ToDictionary(group => group, _ => 0L, StringComparer.Ordinal);
        foreach (var (pid, (group, ticks)) in after.Processes)
        {
            // A process born inside the window counts whole; one that died inside it is lost (rare here).
            var earlier = before.Processes.TryGetValue(pid, out var b) && b.Group == group ? b.Ticks : 0;
            ticksByGroup[group] += Math.Max(0, ticks - earlier);
        }
        // Backends that exit inside the window (connection pool churn) take their CPU with them. The
        // postmaster reaps them and its children's time grows by their whole life; the part lived before
        // the window is known from the first snapshot, the rest belongs to the window.
        foreach (var (group, (postmaster, childTicksBefore)) in before.Postmasters)
        {
            if (!after.Postmasters.TryGetValue(group, out var later) || later.Pid != postmaster) continue;
            var livedBefore = before.Processes
                .Where(kv => kv.Value.Group == group && kv.Key != postmaster && !after.Processes.ContainsKey(kv.Key))
                .Sum(kv => kv.Value.Ticks);
            ticksByGroup[group] += Math.Max(0, later.ChildTicks - childTicksBefore - livedBefore);
        }

        var cores = ticksByGroup.ToDictionary(kv => kv.Key, kv => kv.Value / ClockTicksPerSecond / seconds, StringComparer.Ordinal);
        var machineTotal = after.MachineTotal - before.MachineTotal;
        var busyFraction = machineTotal <= 0 ? double.NaN : (double)(after.MachineBusy - before.MachineBusy) / machineTotal;

        // "other" is the rest of the busy machine, not the sum of the other processes seen at both ends:
        // short-lived processes (compilers, test hosts) and kernel work would otherwise be missed.
        if (!double.IsNaN(busyFraction))
        {
            var busyCores = busyFraction * OnlineCpus.Value;
            var named = cores.Where(kv => kv.Key != Other).Sum(kv => kv.Value);
            cores[Other] = Math.Max(cores[Other], busyCores - named);
        }
        return new CpuSplit(seconds, cores, 100.0 * busyFraction);
    }
}
