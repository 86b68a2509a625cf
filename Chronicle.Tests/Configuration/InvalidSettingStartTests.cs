using System.Diagnostics;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Configuration;

/// <summary>The node program itself refuses a setting it cannot run with: at once, non-zero, naming the key.</summary>
public sealed class InvalidSettingStartTests
{
    /// <summary>Far above the program's start (well under a second) and far below a node's start against a database.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_node_given_a_role_that_does_not_exist_exits_non_zero_within_seconds_naming_the_key()
    {
        var clock = Stopwatch.StartNew();
        // Everything else a node needs, pointing at nothing: the refusal must come before any connection.
        await using var node = NodeProcess.Start("bad-role", "Host=127.0.0.1;Port=1;Database=none", FreePort.Next(), [],
            new Dictionary<string, string> { ["Roles"] = "ledger,banana" });

        await node.WaitForExitAsync(Deadline);

        Assert.True(clock.Elapsed < Deadline, $"exited after {clock.Elapsed}");
        Assert.NotEqual(0, node.ExitCode);
        Assert.Contains("Chronicle:Roles: 'banana' is not a role (allowed: ledger, gateway, projector", node.LogTail());
    }
}
