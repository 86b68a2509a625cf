namespace Chronicle.Cli;

/// <summary>Ends the command with <paramref name="exitCode"/> (see <see cref="ExitCodes"/>) and the message on stderr.</summary>
public sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
