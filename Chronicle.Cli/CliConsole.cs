using Spectre.Console;

namespace Chronicle.Cli;

/// <summary>Where the CLI writes, and whether a person watches (a terminal: progress redrawn in place) or a script reads.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    /// <summary>Wide enough that no table row is ever wrapped when the output goes to a script or a file.</summary>
    private const int UnboundedWidth = 100_000;

    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    /// <summary>
    /// Spectre.Console over <see cref="Out"/>: on a terminal as Spectre detects it (colours, width, live progress);
    /// otherwise plain text, no escape codes, nothing redrawn, lines as long as they are.
    /// </summary>
    public IAnsiConsole Ansi => field ??= IsTerminal ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) }) : Plain();

    private IAnsiConsole Plain()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        console.Profile.Width = UnboundedWidth;
        return console;
    }
}
