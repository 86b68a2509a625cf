using Chronicle.Bench;

return await BenchCommandLine.RunAsync(args, Console.Out, Console.Error, BenchRunner.RunAsync);
