using System.Text.Json;

namespace Chronicle.DevStack;

/// <summary>
/// One PostgreSQL server of the replicated event store, run by Patroni (Debian's patroni 3.0): Patroni
/// initdb's the first member to take etcd's initialize lock (and creates the role chronicle and
/// <see cref="Database"/> in it), makes the others replicas of it (pg_basebackup), and from then on keeps
/// one primary whose commits wait for a synchronous replica (<see cref="PatroniSettings"/>). Everything
/// lives in <see cref="Directory"/>: Patroni's configuration, the data directory, the socket, the pgpass.
/// <see cref="Command"/> writes the configuration (made here, as JSON, which is YAML too) to patroni.yml and execs
/// Patroni, as the postgres user when we are root: the process a launcher or Aspire tracks is Patroni,
/// whose SIGTERM stops its PostgreSQL first. PostgreSQL is Patroni's child, not ours.
/// </summary>
/// <param name="EtcdHosts">host:port of every etcd member.</param>
/// <param name="Throwaway">A test's server: fsync off (the tests kill processes, never the machine).</param>
public sealed record PatroniMemberSpec(string Name, int PostgresPort, int ApiPort, string Directory, IReadOnlyList<string> EtcdHosts,
    string Database, bool Throwaway)
{
    public const string Binary = "/usr/bin/patroni";

    // Positional parameters, never text spliced into the script. The configuration comes base64-encoded:
    // Aspire's orchestrator reads "{{ }}" in an argument as a template, and JSON has "}}".
    private const string Wrapper = """
        set -e
        directory=$1 configuration=$2 patroni=$3
        umask 077
        if [ "$(id -u)" = 0 ]; then
            install -d -m 755 "${directory%/*}" # etcd may have made it first, private to root
            install -d -o postgres -g postgres -m 700 "$directory"
            printf '%s' "$configuration" | base64 -d > "$directory/patroni.yml"
            chown postgres:postgres "$directory/patroni.yml"
            exec setpriv --reuid=postgres --regid=postgres --init-groups "$patroni" "$directory/patroni.yml"
        fi
        mkdir -p "$directory"
        chmod 700 "$directory"
        printf '%s' "$configuration" | base64 -d > "$directory/patroni.yml"
        exec "$patroni" "$directory/patroni.yml"
        """;

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>Run from / since the postgres user may not enter the caller's directory.</summary>
    public StackCommand Command => new("/bin/sh", ["-c", Wrapper, "patroni-wrapper", Directory,
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Configuration)), Binary],
        PostgresMalloc.Environment, "/");

    /// <summary>Patroni's REST API: /health 200 while its PostgreSQL runs, /primary 200 on the primary, /sync 200 on the synchronous replica.</summary>
    public Uri Api(string path) => new($"http://127.0.0.1:{ApiPort}{path}");

    /// <summary>The postmaster's pid from its postmaster.pid; null when it does not run (or never ran).</summary>
    public int? PostmasterPid()
    {
        var file = Path.Combine(DataDirectory, "postmaster.pid");
        try
        {
            return int.TryParse(File.ReadLines(file).FirstOrDefault(), out var pid) && Signals.Alive(pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The postmaster and every process it forked (backends, WAL sender, checkpointer, ...): what a crash of
    /// the whole server kills. Empty when it does not run.
    /// </summary>
    internal IReadOnlyList<int> ServerPids()
    {
        if (PostmasterPid() is not { } postmaster) return [];
        var children = System.IO.Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster);
        return [postmaster, .. children];
    }

    /// <summary>The parent pid from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces and parentheses).</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile
        }
    }

    private string Configuration => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["scope"] = "chronicle-events",
        ["name"] = Name,
        ["restapi"] = new { listen = $"127.0.0.1:{ApiPort}", connect_address = $"127.0.0.1:{ApiPort}" },
        ["etcd3"] = new { hosts = EtcdHosts },
        ["bootstrap"] = new Dictionary<string, object>
        {
            ["dcs"] = PatroniSettings.Cluster(Throwaway),
            ["initdb"] = new object[] { new { encoding = "UTF8" }, "no-locale", new { auth = "trust" } },
            // Run on the bootstrapping member only, before any replica or client sees it; Patroni appends the connection string.
            ["post_bootstrap"] = $"{PostgresServerSpec.BinDirectory}/psql -v ON_ERROR_STOP=1 -c \"CREATE ROLE chronicle LOGIN\" " +
                                 $"-c \"CREATE DATABASE \\\"{Database}\\\" OWNER chronicle\"",
        },
        ["postgresql"] = new Dictionary<string, object>
        {
            ["listen"] = $"127.0.0.1:{PostgresPort}",
            ["connect_address"] = $"127.0.0.1:{PostgresPort}",
            ["data_dir"] = DataDirectory,
            ["bin_dir"] = PostgresServerSpec.BinDirectory,
            ["pgpass"] = Path.Combine(Directory, "pgpass"), // its default, ~/.pgpass, is root's home when run through setpriv
            // Trust on loopback and the socket: dev only, as the single-server stack (docs/OPERATIONS.md).
            ["pg_hba"] = new[] { "local all all trust", "host all all 127.0.0.1/32 trust", "host replication all 127.0.0.1/32 trust" },
            // A fast checkpoint: the default spread one makes a new replica wait minutes for its base backup.
            ["basebackup"] = new object[] { new { checkpoint = "fast" } },
            ["parameters"] = new { unix_socket_directories = Directory },
            ["authentication"] = new
            {
                superuser = new { username = "postgres" },
                replication = new { username = "postgres" },
                rewind = new { username = "postgres" },
            },
        },
    });
}
