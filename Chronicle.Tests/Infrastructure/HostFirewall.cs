using System.Diagnostics;

namespace Chronicle.Tests.Infrastructure;

/// <summary>The machine's packet filter as an operator would list it: <c>nft list ruleset</c> and <c>iptables -S</c>.</summary>
public static class HostFirewall
{
    public static async Task<string> RulesAsync() => await OutputAsync("nft", "list", "ruleset") + await OutputAsync("iptables", "-S");

    private static async Task<string> OutputAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await errors}");
    }
}
