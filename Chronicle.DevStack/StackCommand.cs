namespace Chronicle.DevStack;

/// <summary>
/// How to run one part of the stack: program, arguments, environment, working directory. The launcher
/// starts it as a child process; the AppHost hands the same command to Aspire as an executable resource.
/// </summary>
public sealed record StackCommand(string Program, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);
