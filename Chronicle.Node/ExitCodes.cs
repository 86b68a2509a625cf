namespace Chronicle.Node;

/// <summary>How the node program ends, for whoever started it (a supervisor, ./chronicle, the tests).</summary>
internal static class ExitCodes
{
    /// <summary>A setting it cannot run with: EX_CONFIG of sysexits.h, so a supervisor can tell it from a crash.</summary>
    public const int Configuration = 78;
}
