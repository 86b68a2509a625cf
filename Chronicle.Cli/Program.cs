using Chronicle.Cli;

return await ChronicleCli.RunAsync(args, CliConsole.System, Environment.GetEnvironmentVariable(CliArguments.UrlVariable),
    Environment.GetEnvironmentVariable(CliArguments.OperatorKeyVariable));
