using Chronicle.Cli;
using Chronicle.Cli.Commands;

// The first Ctrl+C asks the command to stop (simulate prints its summary, the others end with 130);
// a second one ends the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};

return await ChronicleCli.RunAsync(args, CliConsole.System, Environment.GetEnvironmentVariable(CliEnvironment.UrlVariable),
    Environment.GetEnvironmentVariable(CliEnvironment.OperatorKeyVariable), Environment.GetEnvironmentVariable(SimulateCommand.ApiKeyVariable),
    Environment.GetEnvironmentVariable(CliEnvironment.AuditorKeyVariable), interrupt.Token);
