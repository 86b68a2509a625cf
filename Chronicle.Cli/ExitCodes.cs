namespace Chronicle.Cli;

/// <summary>What the CLI's exit status means; scripts and ./chronicle rely on these.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>
    /// verify found the read model disagreeing with the journal, or entities held in the dead letters; verify --chain found a
    /// broken hash chain; a replay left some held.
    /// </summary>
    public const int Differences = 1;

    /// <summary>No answer from the node: not running, wrong URL, or no answer in time.</summary>
    public const int Unreachable = 2;

    /// <summary>The node answered with an error (no projector, a rebuild already running, ...), or a rebuild did not finish in time.</summary>
    public const int Failed = 3;

    /// <summary>The command line is wrong (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>Stopped by Ctrl+C before it was done (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
