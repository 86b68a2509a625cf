using System.Diagnostics;

namespace Chronicle.DevStack;

/// <summary>
/// A process of the stack that this launcher started and keeps: its Process object (never a pid file),
/// its output appended to a log file, and the signals it is stopped with.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private bool _disposed;

    private ChildProcess(string name, Process process, string logFile, StreamWriter log)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
        _log = log;
    }

    public string Name { get; }

    public string LogFile { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="command"/>, its stdout and stderr appended to <paramref name="logFile"/>.</summary>
    public static ChildProcess Start(string name, StackCommand command, string logFile)
    {
        var info = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory,
        };
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in command.Environment) info.Environment[key] = value;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var writer = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name} ({command.Program})");
        var child = new ChildProcess(name, process, logFile, writer);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends <paramref name="signal"/>; nothing when the process already ended.</summary>
    public void Send(Signal signal)
    {
        if (!_process.HasExited) Signals.Send(_process.Id, signal);
    }

    /// <summary>Sends <paramref name="signal"/> and waits until the process is gone; SIGKILL when it outlives <paramref name="deadline"/>.</summary>
    public async Task StopAsync(Signal signal, TimeSpan deadline)
    {
        Send(signal);
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Send(Signal.Kill);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Waits for the process to end by itself (after a signal, a leave or a down).</summary>
    public async Task WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still runs after {deadline.TotalSeconds:0}s; its log ends:\n{LogTail()}");
        }
    }

    /// <summary>The last lines of the output, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
    }

    /// <summary>SIGKILL unless already gone; the log file stays (its owner decides). A second call does nothing (a restarted part's owner disposes what it replaced).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync(); // the output readers are done too: nothing writes to the log any more
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }
}
