using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>
/// `up [--nodes N] [--ha]`: records the ports and API keys in .chronicle/env, starts the AppHost in the
/// background (its own session, so a Ctrl-C here does not reach it; its output in .chronicle/logs/apphost.log),
/// waits until every part is running and healthy (each node's /readyz 200), and prints the URL, the keys
/// and the dashboard's address. With an AppHost already running the same layout, starts what of it is
/// stopped, killed or exited (the chaos test and the bench heal faults so).
/// </summary>
internal static class UpVerb
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_READY_TIMEOUT"), out var s) ? s : 120);

    public static async Task<int> RunAsync((int LedgerNodes, bool Replicated) layout)
    {
        var stack = Repository.Definition(layout);
        using var running = await StackControl.ConnectAsync(stack.ControlFile);
        if (running is not null) return await HealAsync(running, stack);

        Directory.CreateDirectory(stack.LogDirectory);
        RequireFreePorts(stack);
        var keys = DevApiKeys.Ensure(Repository.Recorded, out var generated);
        if (generated.Count > 0 || !File.Exists(stack.KeysFile)) DevApiKeys.WriteKeysFile(stack.KeysFile, keys);
        EnvFile.Write(stack.EnvFile, "Written by ./chronicle up. Load with: set -a; . .chronicle/env; set +a", stack.Recorded().Concat(keys));
        foreach (var variable in generated) Console.WriteLine($"==> new dev API key {variable} (kept in .chronicle/env; the nodes have only its SHA-256)");

        var appHost = StartAppHost(stack);
        Console.WriteLine($"==> starting the AppHost ({Layout(stack.LedgerNodes, stack.Replicated)}); output: .chronicle/logs/");
        var control = await Eventually.Until(async () => appHost.HasExited ? null : await StackControl.ConnectAsync(stack.ControlFile),
            c => c is not null || appHost.HasExited, ReadyDeadline, "the AppHost's control endpoint");
        if (control is null) return Fail(stack, "the AppHost exited while starting", "apphost");
        using (control) return await AwaitReadyAsync(control, stack, keys);
    }

    private static async Task<int> HealAsync(StackControl control, DevStackDefinition stack)
    {
        var running = control.Address;
        if (running.LedgerNodes != stack.LedgerNodes || running.Replicated != stack.Replicated)
            throw new UsageException($"a stack with {Layout(running.LedgerNodes, running.Replicated)} runs; './chronicle down' first, or " +
                                     $"'up{(running.LedgerNodes == 0 ? "" : $" --nodes {running.LedgerNodes}")}{(running.Replicated ? " --ha" : "")}' to keep it");
        foreach (var part in (await control.ResourcesAsync()).Where(p => !p.IsRunning))
        {
            Console.WriteLine($"==> starting {part.Name} again ({part.State})");
            await control.StartAsync(part.Name);
        }
        return await AwaitReadyAsync(control, stack, EnvFile.Read(stack.EnvFile));
    }

    private static async Task<int> AwaitReadyAsync(StackControl control, DevStackDefinition stack, IReadOnlyDictionary<string, string> keys)
    {
        IReadOnlyList<ResourceStatus> parts;
        try
        {
            parts = await Eventually.Until(control.ResourcesAsync,
                all => all.All(p => p is { IsRunning: true, Health: "Healthy" }) || all.Any(Failed), ReadyDeadline, "every part running and healthy");
        }
        catch (TimeoutException e)
        {
            var waiting = (await control.ResourcesAsync()).First(p => p is not { IsRunning: true, Health: "Healthy" });
            return Fail(stack, $"{e.Message}; {waiting.Name} is {waiting.State} ({waiting.Health ?? "no health yet"}); it is left running: './chronicle down' stops it", waiting.Name);
        }
        if (parts.FirstOrDefault(Failed) is { } failed)
            return Fail(stack, $"{failed.Name} {failed.State} (exit code {failed.ExitCode}); './chronicle down' stops the rest", failed.Name);

        Console.WriteLine($"==> Chronicle is up: {stack.Url.ToString().TrimEnd('/')}   ({Layout(stack.LedgerNodes, stack.Replicated)})");
        foreach (var (variable, role) in DevApiKeys.Roles) Console.WriteLine($"    {variable}={keys.GetValueOrDefault(variable)}   ({role})");
        Console.WriteLine($"    dashboard: {control.Address.Dashboard}");
        Console.WriteLine("    env: .chronicle/env   status: ./chronicle status   logs: ./chronicle logs [NAME]   stop: ./chronicle down");
        return 0;
    }

    private static bool Failed(ResourceStatus part) => part.State is "FailedToStart" or "Exited" or "Finished";

    private static string Layout(int ledgerNodes, bool replicated) =>
        (ledgerNodes == 0 ? "node-1 with every role" : $"gateway-1, {ledgerNodes} ledger node(s), projector-1") +
        (replicated ? "; event store: 3 PostgreSQL under Patroni, 3 etcd; bus: 3 nats-servers, the stream on each" : "");

    private static int Fail(DevStackDefinition stack, string message, string part)
    {
        var log = Path.Combine(stack.LogDirectory, part + ".log");
        if (File.Exists(log)) Console.Error.WriteLine(string.Join('\n', File.ReadLines(log).TakeLast(30)));
        Console.Error.WriteLine($"chronicle: error: {message} (log: {log})");
        return 1;
    }

    /// <summary>
    /// `dotnet Chronicle.AppHost.dll run` through setsid, its output to a file (not to us: we exit first).
    /// The dashboard's and the orchestrator's addresses come from the environment; the dashboard's login
    /// token is made here so that the address printed is the one that logs in.
    /// </summary>
    private static Process StartAppHost(DevStackDefinition stack)
    {
        var dashboard = stack.Ports.Dashboard;
        // In its own directory: the orchestrator watches its working directory and everything below it, and in the
        // repository that is every write of the stack's PostgreSQL and NATS under .chronicle/ (about 4% of the machine
        // during a rebuild).
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        string[] arguments = ["-c", "exec setsid \"$@\" </dev/null >>\"$LOG\" 2>&1", "apphost", Launch.DotnetHost,
            Path.Combine(AppContext.BaseDirectory, "Chronicle.AppHost.dll"), "run", "--nodes", stack.LedgerNodes.ToString(), .. stack.Replicated ? ["--ha"] : Array.Empty<string>()];
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["LOG"] = Path.Combine(stack.LogDirectory, "apphost.log");
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{dashboard}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{dashboard + 1}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{dashboard + 2}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["ASPIRE_VERSION_CHECK_DISABLED"] = "true";
        info.Environment["ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the AppHost");
    }

    /// <summary>Fails before anything starts when a port of the stack is taken by another program.</summary>
    private static void RequireFreePorts(DevStackDefinition stack)
    {
        var ports = new List<(int Port, string What, string Variable)>
        {
            (stack.Ports.ReadModel, DevStackDefinition.ReadModelName, "CHRONICLE_READ_PG_PORT"),
            (stack.Ports.Dashboard, "the Aspire dashboard", "CHRONICLE_DASHBOARD_PORT"),
        };
        foreach (var server in stack.NatsServers)
        {
            ports.Add((server.Port, server.Name, "CHRONICLE_NATS_PORT"));
            ports.Add((server.MonitorPort, server.Name + " (monitoring)", "CHRONICLE_NATS_MONITOR_PORT"));
            if (server.Cluster is { } cluster) ports.Add((cluster.Port, server.Name + " (routes)", "CHRONICLE_NATS_PORT"));
        }
        if (!stack.Replicated) ports.Add((stack.Ports.EventStore, DevStackDefinition.EventStoreName, "CHRONICLE_PG_PORT"));
        foreach (var (member, n) in stack.Replicated ? stack.ReplicatedEventStore.Ports.Select((p, n) => (p, n + 1)) : [])
        {
            ports.Add((member.Postgres, $"postgres-events-{n}", "CHRONICLE_HA_PORT"));
            ports.Add((member.PatroniApi, $"postgres-events-{n} (Patroni)", "CHRONICLE_HA_PORT"));
            ports.Add((member.EtcdClient, $"etcd-{n}", "CHRONICLE_HA_PORT"));
            ports.Add((member.EtcdPeer, $"etcd-{n} (peer)", "CHRONICLE_HA_PORT"));
        }
        foreach (var node in stack.Nodes)
        {
            ports.Add((node.HttpPort, node.Name + " (HTTP)", "CHRONICLE_PORT"));
            ports.Add((node.AkkaPort, node.Name + " (Akka remoting)", "CHRONICLE_AKKA_PORT"));
        }
        foreach (var (port, what, variable) in ports)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                throw new UsageException($"127.0.0.1:{port} (for {what}) is taken by another program; stop it or pick another port with {variable}=<port>");
            }
        }
    }
}
