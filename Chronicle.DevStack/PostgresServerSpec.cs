using Npgsql;

namespace Chronicle.DevStack;

/// <summary>
/// One PostgreSQL server of the stack: Debian's PostgreSQL 15 on a loopback port, its data and socket
/// in directories of its own, trust authentication (a dev-only server reachable from this machine only).
/// <see cref="Command"/> is a small wrapper: it creates the directories, runs initdb when the data
/// directory is empty (and then creates the role chronicle and <see cref="Database"/>, owned by it, in
/// single-user mode), and finally execs the server, as the postgres user when we are root (the server
/// refuses root). exec: the process a launcher or Aspire tracks is the postmaster itself, so its
/// signals reach the server (SIGTERM smart, SIGINT fast, SIGQUIT immediate shutdown).
/// </summary>
/// <param name="Database">Created with the role chronicle at initdb; null: only the postgres superuser's database.</param>
/// <param name="Throwaway">A test's server: fsync off (the tests kill processes, never the machine, so the OS cache is durable enough and much faster).</param>
public sealed record PostgresServerSpec(int Port, string DataDirectory, string SocketDirectory, string? Database, bool Throwaway)
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    // Positional parameters, never text spliced into the script: paths and names need no quoting.
    private const string Wrapper = """
        set -e
        bin=$1 data=$2 socket=$3 database=$4 initdb_options=$5
        shift 5
        if [ "$(id -u)" = 0 ]; then
            as_postgres="setpriv --reuid=postgres --regid=postgres --init-groups"
            install -d -o postgres -g postgres -m 700 "$data"
            install -d -o postgres -g postgres -m 755 "$socket"
        else
            as_postgres=
            mkdir -p "$data" "$socket"
            chmod 700 "$data"
        fi
        if [ ! -s "$data/PG_VERSION" ]; then
            $as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale $initdb_options
            if [ -n "$database" ]; then
                printf 'CREATE ROLE chronicle LOGIN;\nCREATE DATABASE "%s" OWNER chronicle;\n' "$database" \
                    | $as_postgres "$bin/postgres" --single -D "$data" postgres >/dev/null
            fi
        fi
        exec $as_postgres "$bin/postgres" -D "$data" -k "$socket" "$@"
        """;

    /// <summary>The wrapper and its arguments; run from / since the postgres user may not enter the caller's directory.</summary>
    public StackCommand Command => new("/bin/sh", ["-c", Wrapper, "postgres-wrapper", BinDirectory, DataDirectory, SocketDirectory, Database ?? "",
        Throwaway ? "--no-sync" : "", .. ServerOptions], PostgresMalloc.Environment, "/");

    private IEnumerable<string> ServerOptions =>
    [
        "-p", Port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200",
        .. Throwaway ? new[] { "-c", "fsync=off", "-c", "full_page_writes=off" } : [],
    ];

    /// <summary>As the superuser, to its own database: what creates databases and checks readiness.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>
    /// As the role chronicle, to <see cref="Database"/>: what the nodes are given. Through the server's Unix socket, as
    /// the pgbench yardstick connects: on one machine, a loopback TCP round trip costs both ends more kernel time.
    /// </summary>
    public string ConnectionString => $"Host={SocketDirectory};Port={Port};Username=chronicle;Database={Database}";

    /// <summary>True once the server accepts a connection (and so has finished any recovery).</summary>
    public async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false;Timeout=3");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }
}
