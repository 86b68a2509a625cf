using System.Diagnostics;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Runs a command to completion and fails loudly with its output when it fails; stops the processes the tests start.</summary>
public static class ProcessRunner
{
    /// <summary>SIGKILL, as a crash (no shutdown of any kind); returns once the process is gone. Nothing when it already ended.</summary>
    public static async Task KillAsync(Process process)
    {
        if (process.HasExited) return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM (Process.Kill only sends SIGKILL): asks the process to shut down cleanly, as an operator's
    /// stop would. Returns once the signal is sent, without waiting for the process to end. Nothing when it already ended.
    /// </summary>
    public static Task TerminateAsync(Process process, TimeSpan timeout) =>
        process.HasExited ? Task.CompletedTask : RunAsync("kill", ["-TERM", process.Id.ToString()], timeout);

    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }
}
