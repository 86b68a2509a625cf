using Chronicle.AppHost;

// ./chronicle's stack verbs, and `run`: the AppHost itself, which `up` starts in the background.
try
{
    return await (args.FirstOrDefault() switch
    {
        "help" => Task.FromResult(Help()),
        "run" => StackHost.RunAsync(Repository.Definition(Arguments.Layout(args[1..]))),
        "up" => UpVerb.RunAsync(Arguments.Layout(args[1..])),
        "down" => DownVerb.RunAsync(),
        "status" => StatusVerb.RunAsync(),
        "logs" when args.Length <= 2 => LogsVerb.RunAsync(args.ElementAtOrDefault(1)),
        "stop" or "start" or "kill" when args.Length == 2 => PartVerb.RunAsync(args[0], args[1]),
        _ => Task.FromResult(Arguments.Usage()),
    });
}
catch (UsageException e)
{
    Console.Error.WriteLine("chronicle: error: " + e.Message);
    return 2;
}

static int Help()
{
    Console.WriteLine(HelpText.Text);
    return 0;
}
