namespace Chronicle.Cli;

/// <summary>Where the CLI writes, and whether a person watches (a terminal: progress redrawn in place) or a script reads.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
