using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronicle.Client;
using Chronicle.Client.Http;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Client;

/// <summary>
/// Chronicle.Client is written on the node's OpenAPI document: its records have the document's fields, its commands send
/// only fields the document knows, its problem codes name every code the document lists for the routes it calls. A field
/// or code the node adds fails here until the client has it. And the package packs.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ClientContractTests(LedgerFixture fixture)
{
    /// <summary>The routes the client calls.</summary>
    private static readonly string[] ClientRoutes =
    [
        "/accounts", "/accounts/{accountId}", "/accounts/{accountId}/transactions", "/accounts/{accountId}/balance-at", "/transfers/{transferId}", "/transfers",
        "/healthz", "/commands/batch", "/events", "/accounts/{accountId}/verify-chain",
        "/admin/projector", "/admin/verify", "/admin/verify-chain", "/admin/rebuild", "/admin/dead-letters/replay", "/admin/cluster", "/admin/cluster/leave",
        "/admin/cluster/down", "/admin/sharding", "/admin/sharding/{typeName}", "/admin/webhooks", "/admin/webhooks/{id}", "/admin/webhooks/{id}/deliveries",
        "/admin/webhooks/{id}/pause", "/admin/webhooks/{id}/resume", "/admin/webhooks/{id}/dead-letters/replay",
    ];

    private static readonly Dictionary<string, string> Labels = new() { ["order"] = "42" };

    /// <summary>One command of each type, every optional field set.</summary>
    private static readonly ChronicleCommand[] EveryCommand =
    [
        new CreateAccountRequest("a", "Ada") { InitialBalance = 1m, Currency = "EUR", OverdraftLimit = 2m, Metadata = Labels },
        new DepositRequest("a", 1m) { Description = "d", ExpectedVersion = 1, Metadata = Labels },
        new WithdrawRequest("a", 1m) { Description = "d", ExpectedVersion = 1, Metadata = Labels },
        new FreezeAccountRequest("a") { Reason = "r", ExpectedVersion = 1 },
        new UnfreezeAccountRequest("a") { ExpectedVersion = 1 },
        new CloseAccountRequest("a") { Reason = "r", ExpectedVersion = 1 },
        new SetOverdraftLimitRequest("a", 1m) { ExpectedVersion = 1 },
        new TransferRequest("a", "b", 1m) { Description = "d", TransferId = "t", Hold = true, TimeoutSeconds = 60, Metadata = Labels },
        new PostTransferRequest("t") { Amount = 1m },
        new VoidTransferRequest("t"),
    ];

    [Fact]
    public async Task Each_response_record_has_exactly_the_fields_of_its_schema()
    {
        var schemas = (await DocumentAsync("client_contract_records"))["components"]!["schemas"]!;
        var records = typeof(ChronicleClient).Assembly.GetExportedTypes().Where(t => t.Name.EndsWith("Response", StringComparison.Ordinal) && !t.IsAbstract)
            .Append(typeof(TransactionItem)).Append(typeof(BatchResult)).Append(typeof(ChronicleProblem)).ToList();
        Assert.True(records.Count >= 17, string.Join(", ", records.Select(r => r.Name)));

        foreach (var record in records)
        {
            var schema = schemas[record == typeof(ChronicleProblem) ? "Problem" : record.Name]?.AsObject();
            Assert.True(schema is not null, $"the document has no schema {record.Name}");
            var documented = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            var read = ClientJson.Default.GetTypeInfo(record)!.Properties.Where(p => p.AssociatedParameter is not null || p.Set is not null)
                .Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.True(documented.SequenceEqual(read), $"{record.Name}: the document has {string.Join(", ", documented)}; the client reads {string.Join(", ", read)}");
        }
    }

    [Fact]
    public async Task Each_command_sends_its_type_and_only_fields_its_schema_knows_with_money_as_decimal_strings()
    {
        var document = await DocumentAsync("client_contract_commands");
        var batchCommands = document["components"]!["schemas"]!["BatchRequest"]!["properties"]!["commands"]!["items"]!["oneOf"]!.AsArray();
        var schemas = batchCommands.ToDictionary(c => c!["title"]!.GetValue<string>(), c => c!.AsObject());
        Assert.Equal(schemas.Keys.Order(), EveryCommand.Select(c => c.Type).Order());

        var sent = JsonDocument.Parse(BatchCommand.Serialize(EveryCommand.Select(c => new BatchCommand(c, "key")))).RootElement.GetProperty("commands");
        foreach (var command in sent.EnumerateArray())
        {
            var schema = schemas[command.GetProperty("type").GetString()!];
            var known = schema["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            var fields = command.EnumerateObject().Select(f => f.Name).ToList();
            Assert.All(fields, field => Assert.True(known.Contains(field), $"{schema["title"]}: {field} is not in the document"));
            Assert.All(schema["required"]!.AsArray().Select(r => r!.GetValue<string>()), field => Assert.Contains(field, fields));
            Assert.Equal(known.Count, fields.Count);
            Assert.True(!command.TryGetProperty("amount", out var amount) || amount.ValueKind == JsonValueKind.String, command.ToString());
        }
        Assert.True(document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/commands/", StringComparison.Ordinal) && p.Key != "/commands/batch")
            .Select(p => p.Key["/commands/".Length..]).Order().SequenceEqual(schemas.Keys.Order()), "a write route the client has no command for");
    }

    [Fact]
    public async Task ProblemCodes_names_every_code_the_document_lists_for_the_clients_routes()
    {
        var paths = (await DocumentAsync("client_contract_codes"))["paths"]!.AsObject();
        var codes = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

        var routes = paths.Where(p => p.Key.StartsWith("/commands/", StringComparison.Ordinal) || ClientRoutes.Contains(p.Key)).ToList();
        // Each write (its route), the batch and the reads: nothing the client calls is missing from the document.
        Assert.Equal(ClientRoutes.Length + EveryCommand.Length, routes.Count);
        var documented = routes.SelectMany(route => route.Value!.AsObject().Select(o => o.Value!["responses"]!.AsObject()))
            .SelectMany(responses => responses.Select(r => r.Value!["content"]?["application/problem+json"]?["schema"]?["allOf"]?[1]?["properties"]?["code"]?["enum"]))
            .OfType<JsonArray>().SelectMany(values => values.Select(v => v!.GetValue<string>())).ToHashSet();

        Assert.Contains(ProblemCodes.InsufficientFunds, documented);
        Assert.Empty(documented.Except(codes));
    }

    [Fact]
    public void The_status_values_are_the_nodes()
    {
        static string[] Values(Type constants) =>
            [.. constants.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal)];

        Assert.Equal(Values(typeof(Chronicle.Contracts.Transfers.TransferStatuses)), Values(typeof(TransferStatuses)));
        // None is an account that does not exist: never shown.
        Assert.Equal(Enum.GetValues<Chronicle.Domain.Accounts.AccountStatus>().Where(status => status != Chronicle.Domain.Accounts.AccountStatus.None)
            .Select(status => status.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal), Values(typeof(AccountStatuses)));
    }

    [Fact]
    public async Task The_package_packs_with_its_readme_and_xml_docs()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var output = Directory.CreateTempSubdirectory("chronicle-client-pack-").FullName;
        try
        {
            // The build that made these tests built the client too: pack only packs it.
            using var pack = Process.Start(new ProcessStartInfo("dotnet",
                ["pack", RepositoryFiles.PathOf("Chronicle.Client", "Chronicle.Client.csproj"), "-c", configuration, "--no-build", "-o", output, "-nologo"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var printed = await pack.StandardOutput.ReadToEndAsync() + await pack.StandardError.ReadToEndAsync();
            await pack.WaitForExitAsync();
            Assert.True(pack.ExitCode == 0, printed);

            using var package = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(output, "Chronicle.Client.*.nupkg")));
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains("lib/net10.0/Chronicle.Client.dll", entries);
            Assert.Contains("lib/net10.0/Chronicle.Client.xml", entries);
            using var nuspec = new StreamReader(package.GetEntry("Chronicle.Client.nuspec")!.Open());
            Assert.Contains("<readme>README.md</readme>", await nuspec.ReadToEndAsync());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The document of a node with its whole read side: one without maps no projector or webhook routes.</summary>
    private async Task<JsonNode> DocumentAsync(string purpose)
    {
        await using var stack = await fixture.StartReadSideAsync(purpose);
        return JsonNode.Parse(await stack.Node.Http.GetStringAsync("/openapi/v1.json"))!;
    }
}
