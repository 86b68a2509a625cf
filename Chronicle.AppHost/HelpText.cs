namespace Chronicle.AppHost;

/// <summary>`./chronicle help`: every verb of the shim, the stack's and the others it passes on.</summary>
internal static class HelpText
{
    public const string Text = """
        Usage: ./chronicle <verb> [args]   (details: docs/OPERATIONS.md, docs/CLUSTER.md)

          up [--nodes N] [--ha]   install what is missing, build, start (Aspire AppHost, in the background)
                          PostgreSQL postgres-events and postgres-read, nats and node-1 (every role), or with
                          --nodes N ledger-1..N, gateway-1 and projector-1; with --ha the event store is
                          postgres-events-1..3 under Patroni (a primary, a synchronous replica) and etcd-1..3,
                          and the bus nats-1..3, a JetStream cluster keeping the stream on each
                          (docs/RELIABILITY.md); waits for /readyz; prints the URL, the API keys and the Aspire
                          dashboard. Again while it runs: starts what is stopped or killed
          down            stop everything 'up' started (data kept in .chronicle/)
          status          each part: state, pid, health, address (exit 0 all up, 3 otherwise)
          logs [NAME]     a part's output (node: all nodes, postgres: PostgreSQL, nats: NATS; all when omitted)
          stop NAME       stop one part (SIGTERM: a node leaves the cluster); start NAME starts it again
          kill NAME       SIGKILL one part, for fault drills (e.g. kill ledger-2); with --ha, kill
                          event-store-primary: SIGKILL of whichever PostgreSQL is primary now, and kill nats-N
                          (1..3): SIGKILL of that nats-server, then waits for the stream's new leader if it
                          led it; start nats-N brings it back
          test [args]     dotnet test Chronicle.sln -c Release [args]; needs no 'up'
          bench [args]    'up', then Chronicle.Bench; writes docs/BENCHMARKS.md (--scenario cluster: layouts)
          chaos [--ha] [args]   the bank test on the running cluster ('up --nodes 3 [--ha]' if none): --nemesis
                          LIST (kill, stop-nats, stop-read-model, partition-ledger, partition-gateway, kill-store-primary;
                          default: all the stack supports), --duration S, --clients N, --accounts N, --fault-every S,
                          --fault-length S, --partition-length MIN-MAX, --seed N. Exit 0 no violation, 1 violations
          fuzz [--requests N] [--seed S]   hostile requests through a throwaway node; needs no 'up'
          verify | rebuild | projector status | cluster show|leave|down | sharding regions|stats TYPE
                          operator commands (Chronicle.Cli) against the running stack
          simulate [--rate N] [--duration S]   realistic traffic for the dashboard at $CHRONICLE_URL/

        Environment: CHRONICLE_PORT [5080], CHRONICLE_AKKA_PORT [4051], CHRONICLE_SEED_NODES,
        CHRONICLE_PG_PORT [15432], CHRONICLE_READ_PG_PORT [15433], CHRONICLE_NATS_PORT [14222],
        CHRONICLE_NATS_MONITOR_PORT [18222] (--ha: nats-1..3 on each of these two..+2, routes on NATS_PORT+10..+12),
        CHRONICLE_DASHBOARD_PORT [18888], CHRONICLE_READY_TIMEOUT [120],
        CHRONICLE_HA_PORT [15440] (--ha: PostgreSQL on it..+2, Patroni on +10..+12, etcd on +20..+25).
        'up' records them and the keys in .chronicle/env (mode 600); the nodes get only the keys' SHA-256.
        """;
}
