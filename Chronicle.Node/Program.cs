using Chronicle.Gateway;
using Chronicle.Node;
using Microsoft.Extensions.Options;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

try
{
    var app = await ChronicleNode.CreateAsync(NodeSettings.FromConfiguration(configuration), args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // Plain lines on stderr, not a log record: nothing is running yet, and an operator reads this first.
    foreach (var failure in invalid.Failures) await Console.Error.WriteLineAsync($"chronicle: {failure}");
    await Console.Error.WriteLineAsync("chronicle: not started; every setting is in docs/CONFIGURATION.md");
    return ExitCodes.Configuration;
}
