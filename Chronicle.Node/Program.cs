using Chronicle.Gateway;
using Chronicle.Node;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

var app = await ChronicleNode.CreateAsync(NodeSettings.FromConfiguration(configuration), args);
await app.RunAsync();
