using System.Net.Http.Json;
using System.Text.Json;

namespace Chronicle.DevStack;

/// <summary>One part of the running stack as the AppHost's orchestrator sees it.</summary>
/// <param name="State">Aspire's state: Starting, Running, Exited, Finished, FailedToStart, Waiting, ...</param>
/// <param name="Health">Healthy, Unhealthy, Degraded, or null while no health check has run.</param>
/// <param name="Pid">The process's pid while it runs (Aspire's executable.pid).</param>
public sealed record ResourceStatus(string Name, string State, string? Health, int? Pid, int? ExitCode)
{
    public bool IsRunning => State == "Running";

    /// <summary>Ended and not on its way anywhere: start may bring it back.</summary>
    public bool IsStopped => State is "Exited" or "Finished" or "FailedToStart" or "NotStarted";
}

/// <summary>Where the running AppHost's loopback control endpoint listens; written by the AppHost to .chronicle/control.json (mode 600).</summary>
/// <param name="Pid">The AppHost's own process: `down` waits for it to be gone.</param>
/// <param name="Replicated">The event store is the replicated one (up --ha).</param>
public sealed record ControlAddress(Uri Url, string Token, Uri Dashboard, int LedgerNodes, int Pid, bool Replicated = false);

/// <summary>
/// A client of the running AppHost's control endpoint (loopback, bearer token): every part's state
/// and pid, and stop, start or kill (SIGKILL) of one part, carried out by Aspire. Used by ./chronicle's
/// verbs, Chronicle.Bench and Chronicle.Chaos.
/// </summary>
public sealed class StackControl(ControlAddress address) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new()
    {
        BaseAddress = address.Url,
        Timeout = TimeSpan.FromSeconds(90),
        DefaultRequestHeaders = { Authorization = new("Bearer", address.Token) },
    };

    public ControlAddress Address => address;

    /// <summary>The AppHost of <paramref name="controlFile"/> when it still answers; null when none runs.</summary>
    public static async Task<StackControl?> ConnectAsync(string controlFile)
    {
        if (!File.Exists(controlFile)) return null;
        var address = JsonSerializer.Deserialize<ControlAddress>(await File.ReadAllTextAsync(controlFile), Json)!;
        var control = new StackControl(address);
        try
        {
            await control.ResourcesAsync();
            return control;
        }
        catch (HttpRequestException)
        {
            control.Dispose();
            return null; // a file left by an AppHost that is gone
        }
    }

    public async Task<IReadOnlyList<ResourceStatus>> ResourcesAsync() =>
        (await _http.GetFromJsonAsync<List<ResourceStatus>>("resources", Json))!;

    /// <summary>SIGTERM through Aspire (a node leaves the cluster); returns once it has stopped.</summary>
    public Task StopAsync(string name) => PostAsync($"resources/{name}/stop");

    /// <summary>Starts a stopped, killed or exited part again; returns once Aspire has started it.</summary>
    public Task StartAsync(string name) => PostAsync($"resources/{name}/start");

    /// <summary>SIGKILL, as a crash: no leave, no hand-off, no shutdown.</summary>
    public Task KillAsync(string name) => PostAsync($"resources/{name}/kill");

    /// <summary>Stops the whole stack and the AppHost itself (data kept).</summary>
    public Task ShutdownAsync() => PostAsync("shutdown");

    private async Task PostAsync(string path)
    {
        using var response = await _http.PostAsync(path, null);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _http.Dispose();
}
