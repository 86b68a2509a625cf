using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Chronicle.DevStack;
using Microsoft.Extensions.Hosting;

namespace Chronicle.AppHost;

/// <summary>
/// The AppHost's control endpoint, on a free loopback port with a bearer token, both written to
/// .chronicle/control.json (mode 600): GET /resources (each part's state, health and pid, as Aspire
/// tracks them), POST /resources/NAME/{stop,start,kill}, POST /shutdown. Stop and start are Aspire's own
/// resource commands; kill sends SIGKILL to the pid in the resource's snapshot. Each answers once the
/// part has reached the state asked for, so callers need not poll.
/// </summary>
internal sealed class ControlEndpoint(DevStackDefinition stack, ResourceStates states, ResourceCommandService commands,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan PartDeadline = TimeSpan.FromSeconds(90);

    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        using var listener = new HttpListener { Prefixes = { url.ToString() } };
        listener.Start();
        var dashboard = new Uri($"{Environment.GetEnvironmentVariable("ASPNETCORE_URLS")?.Split(';')[0].TrimEnd('/')}/login?t={Environment.GetEnvironmentVariable("ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN")}");
        PrivateFile.Write(stack.ControlFile, JsonSerializer.Serialize(new ControlAddress(url, _token, dashboard, stack.LedgerNodes, Environment.ProcessId, stack.Replicated), StackControl.Json));
        await using var stopping = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                break; // stopped
            }
            _ = Task.Run(() => AnswerAsync(context), CancellationToken.None);
        }
        File.Delete(stack.ControlFile);
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (context.Request.Headers["Authorization"] != "Bearer " + _token)
            {
                await WriteAsync(response, HttpStatusCode.Unauthorized, "bad token");
                return;
            }
            var path = context.Request.Url!.AbsolutePath.Trim('/').Split('/');
            switch (context.Request.HttpMethod, path)
            {
                case ("GET", ["resources"]):
                    await WriteAsync(response, HttpStatusCode.OK, JsonSerializer.Serialize(states.All(), StackControl.Json));
                    break;
                case ("POST", ["shutdown"]):
                    await WriteAsync(response, HttpStatusCode.Accepted, "stopping");
                    lifetime.StopApplication();
                    break;
                case ("POST", ["resources", var name, var action]) when states.Find(name) is { } resource:
                    await ActAsync(resource, action);
                    await WriteAsync(response, HttpStatusCode.OK, JsonSerializer.Serialize(states.Status(name), StackControl.Json));
                    break;
                default:
                    await WriteAsync(response, HttpStatusCode.NotFound, $"no such part or action: {string.Join('/', path)} (parts: {string.Join(", ", stack.Names)})");
                    break;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await WriteAsync(response, HttpStatusCode.Conflict, e.Message);
        }
    }

    private async Task ActAsync(IResource resource, string action)
    {
        switch (action)
        {
            case "stop":
                await CommandAsync(resource, KnownResourceCommands.StopCommand);
                await states.WaitAsync(resource.Name, s => s.IsStopped, "stopped", PartDeadline);
                break;
            case "start":
                if (states.Status(resource.Name).IsRunning) return;
                await CommandAsync(resource, KnownResourceCommands.StartCommand);
                await states.WaitAsync(resource.Name, s => s is { IsRunning: true, Health: "Healthy" }, "running and healthy", PartDeadline);
                break;
            case "kill":
                var pid = states.Status(resource.Name).Pid ?? throw new InvalidOperationException($"{resource.Name} does not run");
                Signals.Send(pid, Signal.Kill);
                await states.WaitAsync(resource.Name, s => s.IsStopped, "gone", PartDeadline);
                break;
            default:
                throw new InvalidOperationException($"unknown action '{action}' (stop, start, kill)");
        }
    }

    private async Task CommandAsync(IResource resource, string command)
    {
        var result = await commands.ExecuteCommandAsync(resource, command);
        if (!result.Success) throw new InvalidOperationException($"{command} {resource.Name}: {result.Message}");
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string body)
    {
        response.StatusCode = (int)status;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
