using System.Diagnostics;

namespace Chronicle.Chaos.Nemesis.Partitions;

/// <summary>
/// The chaos test's one nftables table, <c>inet chronicle-chaos</c>: two sets of loopback TCP ports, the
/// cut side's and the others', and a rule that drops every packet from one set to the other. Nothing of
/// the chaos test lives outside it, so removing it (<see cref="RemoveAsync"/>, by hand
/// <c>nft delete table inet chronicle-chaos</c>) removes every rule the test added.
/// </summary>
internal static class NftTable
{
    public const string Name = "chronicle-chaos";
    public const string Side = "side";
    public const string Others = "others";

    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Root and the nft program: what a partition needs.</summary>
    public static bool Usable => Environment.IsPrivilegedProcess && File.Exists("/usr/sbin/nft");

    /// <summary>Replaces whatever table of that name exists, in one transaction: no moment with a half-made table.</summary>
    public static Task CreateAsync() => RunAsync($$"""
        {{Remove}}
        table inet {{Name}} {
          set {{Side}} { type inet_service; }
          set {{Others}} { type inet_service; }
          chain output {
            type filter hook output priority filter; policy accept;
            oifname "lo" tcp sport @{{Side}} tcp dport @{{Others}} counter drop
            oifname "lo" tcp sport @{{Others}} tcp dport @{{Side}} counter drop
          }
        }
        """);

    /// <summary>Adds ports to one of the sets; a port already there stays once.</summary>
    public static Task AddAsync(string set, IReadOnlyCollection<int> ports) =>
        ports.Count == 0 ? Task.CompletedTask : RunAsync($"add element inet {Name} {set} {{ {string.Join(", ", ports)} }}");

    /// <summary>Removes the table and so every rule in it; nothing when there is none.</summary>
    public static Task RemoveAsync() => RunAsync(Remove);

    /// <summary>The table as nft lists it (with its counters), or null when there is none.</summary>
    public static async Task<string?> ListAsync()
    {
        var (exitCode, output, _) = await ExecuteAsync(["list", "table", "inet", Name], null);
        return exitCode == 0 ? output : null;
    }

    /// <summary>Adding the table first makes the delete succeed whether or not one existed (nft 1.0.6 has no "destroy").</summary>
    private static string Remove => $"add table inet {Name}\ndelete table inet {Name}";

    private static async Task RunAsync(string script)
    {
        var (exitCode, _, errors) = await ExecuteAsync(["-f", "-"], script);
        if (exitCode != 0) throw new InvalidOperationException($"nft exited {exitCode}: {errors.Trim()}\nscript:\n{script}");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> ExecuteAsync(IReadOnlyList<string> arguments, string? input)
    {
        var info = new ProcessStartInfo("nft") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start nft");
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandDeadline);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await errors);
    }
}
