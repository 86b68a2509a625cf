using System.Globalization;
using System.Runtime.InteropServices;

namespace Chronicle.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Kernel, string Dotnet, string Commit)
{
    public static async Task<MachineInfo> ReadAsync()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal", ':') is { } mem
            && long.TryParse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
                ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB")
                : "unknown";
        var os = ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        var kernel = TryRead("/proc/sys/kernel/osrelease")?.Trim() ?? RuntimeInformation.OSDescription;
        return new MachineInfo(cpu, Environment.ProcessorCount, memory, os, kernel,
            RuntimeInformation.FrameworkDescription, await ReadCommitAsync().ConfigureAwait(false));
    }

    private static async Task<string> ReadCommitAsync()
    {
        var head = await ProcessRunner.RunAsync("git", ["rev-parse", "--short", "HEAD"], timeout: TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (!head.Ok) return "unknown";
        var status = await ProcessRunner.RunAsync("git", ["status", "--porcelain", "--untracked-files=no"], timeout: TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return head.StdOut.Trim() + (status.Ok && status.StdOut.Trim().Length > 0 ? " (with uncommitted changes)" : "");
    }

    private static string? ReadField(string path, string key, char separator)
    {
        var text = TryRead(path);
        if (text is null) return null;
        foreach (var line in text.Split('\n'))
        {
            var at = line.IndexOf(separator);
            if (at > 0 && line[..at].Trim() == key) return line[(at + 1)..].Trim();
        }
        return null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
