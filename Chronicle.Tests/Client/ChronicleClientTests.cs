using System.Diagnostics;
using Chronicle.Client;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Client;

/// <summary>Chronicle.Client against a real node: every write and read, refusals as typed exceptions, batches, cancellation.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ChronicleClientTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Every_write_and_read_goes_through_the_client_with_exact_decimal_money()
    {
        await using var stack = await fixture.StartReadSideAsync("client_round_trip");
        var node = stack.Node;
        var client = node.ClientFor(node.Keys.Client);
        var auditor = node.ClientFor(node.Keys.Auditor);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var created = await client.CreateAccountAsync(new CreateAccountRequest("cl-a", "Ada")
        {
            InitialBalance = 100.00m, OverdraftLimit = 10m, Metadata = new Dictionary<string, string> { ["tier"] = "gold" },
        });
        Assert.Equal(("cl-a", 1L, false), (created.AccountId, created.Version, created.Replayed));
        Assert.False(string.IsNullOrEmpty(created.IdempotencyKey));
        await client.CreateAccountAsync(new CreateAccountRequest("cl-b", "Bob") { Currency = "USD" });

        var deposit = await client.DepositAsync(new DepositRequest("cl-a", 50.25m) { Description = "salary" });
        Assert.Equal((150.25m, 2L), (deposit.Balance, deposit.Version));
        var withdrawal = await client.WithdrawAsync(new WithdrawRequest("cl-a", 0.25m) { ExpectedVersion = 2 });
        Assert.Equal("150.00", withdrawal.Balance.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var transfer = await client.TransferAsync(new TransferRequest("cl-a", "cl-b", 30m)
        {
            TransferId = "cl-t1", Description = "rent", Metadata = new Dictionary<string, string> { ["lease"] = "l-7" },
        });
        Assert.Equal(("cl-t1", TransferStatuses.Completed, false), (transfer.TransferId, transfer.Status, transfer.Running));
        Assert.NotEmpty(transfer.Events);
        var held = await client.TransferAsync(new TransferRequest("cl-a", "cl-b", 20m) { TransferId = "cl-h1", Hold = true, TimeoutSeconds = 3600 });
        Assert.Equal(TransferStatuses.Held, held.Status);
        var posted = await client.PostTransferAsync(new PostTransferRequest("cl-h1") { Amount = 5m });
        Assert.Equal((TransferStatuses.Completed, 5.00m), (posted.Status, posted.Amount));
        await client.TransferAsync(new TransferRequest("cl-a", "cl-b", 10m) { TransferId = "cl-h2", Hold = true });
        Assert.Equal(TransferStatuses.Voided, (await client.VoidTransferAsync(new VoidTransferRequest("cl-h2"))).Status);

        var frozen = await client.FreezeAccountAsync(new FreezeAccountRequest("cl-b") { Reason = "review" });
        var unfrozen = await client.UnfreezeAccountAsync(new UnfreezeAccountRequest("cl-b") { ExpectedVersion = frozen.Version });
        Assert.Equal(frozen.Version + 1, unfrozen.Version);
        await client.SetOverdraftLimitAsync(new SetOverdraftLimitRequest("cl-a", 0m));

        var a = await client.GetAccountAsync("cl-a", ReadConsistency.Strong);
        Assert.Equal((115.00m, 115.00m, 0m, "USD", AccountStatuses.Active), (a.Balance, a.AvailableBalance, a.OverdraftLimit, a.Currency, a.Status));
        var strongTransfer = await client.GetTransferAsync("cl-h1", ReadConsistency.Strong);
        Assert.Equal(("cl-a", "cl-b", 20.00m, 5.00m), (strongTransfer.FromAccountId, strongTransfer.ToAccountId, strongTransfer.Amount, strongTransfer.PostedAmount));

        // The read model's answers, once it has the accounts' last writes.
        var b = await Eventually.Until(() => client.GetTransactionsAsync("cl-b", limit: 10), page => page.Total == 2, TimeSpan.FromSeconds(30), "cl-b's transactions projected");
        Assert.Equal(new[] { (TransactionTypes.TransferIn, 5.00m, 35.00m), (TransactionTypes.TransferIn, 30.00m, 30.00m) },
            b.Transactions.Select(t => (t.Type, t.Amount, t.BalanceAfter)));
        var lease = await client.GetTransactionsAsync("cl-b", metadata: new Dictionary<string, string> { ["lease"] = "l-7" });
        Assert.Equal((1L, "l-7"), (lease.Total, Assert.Single(lease.Transactions).Metadata!["lease"]));
        var labelled = await Eventually.Until(() => client.ListAccountsAsync(metadata: new Dictionary<string, string> { ["tier"] = "gold" }),
            page => page.Accounts.Count == 1, TimeSpan.FromSeconds(30), "cl-a found by its metadata");
        Assert.Equal(("cl-a", "gold", null), (labelled.Accounts[0].AccountId, labelled.Accounts[0].Metadata!["tier"], labelled.Next));
        await Eventually.Until(() => client.ListTransfersAsync(limit: 10, status: TransferStatuses.Voided), page => page.Transfers.Any(t => t.TransferId == "cl-h2"),
            TimeSpan.FromSeconds(30), "the voided hold projected");

        var now = await auditor.GetBalanceAtAsync("cl-a", DateTimeOffset.UtcNow);
        Assert.Equal((115.00m, a.Version), (now.Balance, now.Version));
        var notYet = await Assert.ThrowsAsync<ChronicleProblemException>(() => auditor.GetBalanceAtAsync("cl-a", before));
        Assert.Equal((404, ProblemCodes.AccountNotFound), (notYet.Status, notYet.Code));

        await client.WithdrawAsync(new WithdrawRequest("cl-b", 35m));
        Assert.True((await client.CloseAccountAsync(new CloseAccountRequest("cl-b") { Reason = "moved away" })).Success);
        Assert.Equal(AccountStatuses.Closed, (await client.GetAccountAsync("cl-b", ReadConsistency.Strong)).Status);
        Assert.Equal("alive", (await node.ClientFor(null).GetHealthAsync()).Status);
    }

    [Fact]
    public async Task A_refusal_is_a_ChronicleProblemException_with_status_code_title_and_detail_and_changes_nothing()
    {
        var node = await fixture.SharedNodeAsync();
        var client = node.ClientFor(node.Keys.Client);
        await node.CreateAccountAsync("cl-refused", "10.00");

        var overdrawn = await Assert.ThrowsAsync<ChronicleProblemException>(() => client.WithdrawAsync(new WithdrawRequest("cl-refused", 1_000m)));
        Assert.Equal((422, ProblemCodes.InsufficientFunds, "Insufficient funds"), (overdrawn.Status, overdrawn.Code, overdrawn.Title));
        Assert.Contains("1000", overdrawn.Detail);
        var invalid = await Assert.ThrowsAsync<ChronicleProblemException>(() => client.DepositAsync(new DepositRequest("cl-refused", 0.001m)));
        Assert.Equal((400, ProblemCodes.ValidationFailed), (invalid.Status, invalid.Code));
        var conflict = await Assert.ThrowsAsync<ChronicleProblemException>(() => client.DepositAsync(new DepositRequest("cl-refused", 1m) { ExpectedVersion = 7 }));
        Assert.Equal((409, ProblemCodes.VersionConflict, 1L), (conflict.Status, conflict.Code, conflict.Problem.CurrentVersion));
        var missing = await Assert.ThrowsAsync<ChronicleProblemException>(() => client.GetAccountAsync("cl-nobody"));
        Assert.Equal((404, ProblemCodes.AccountNotFound), (missing.Status, missing.Code));
        var stranger = await Assert.ThrowsAsync<ChronicleProblemException>(() => node.ClientFor(TestApiKeys.NewKey()).GetAccountAsync("cl-refused"));
        Assert.Equal((401, ProblemCodes.Unauthorized), (stranger.Status, stranger.Code));

        Assert.Equal(1, await node.JournalRowsAsync("cl-refused"));
    }

    [Fact]
    public async Task An_answer_lost_on_the_way_back_is_asked_again_under_the_same_key_and_replayed_with_nothing_written_twice()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("cl-lost", "0");
        using var network = new LosesFirstAnswer();
        var client = network.ClientOf(node, new ChronicleClientOptions());

        var deposit = await client.DepositAsync(new DepositRequest("cl-lost", 7.50m));

        Assert.True(deposit.Replayed);
        Assert.Equal(new[] { deposit.IdempotencyKey, deposit.IdempotencyKey }, network.Keys);
        Assert.Equal((7.50m, 2L), (deposit.Balance, deposit.Version));
        Assert.Equal(2, await node.JournalRowsAsync("cl-lost"));

        // Asked again by the caller under that key: the same answer, replayed.
        var again = await node.ClientFor(node.Keys.Client).DepositAsync(new DepositRequest("cl-lost", 7.50m), deposit.IdempotencyKey);
        Assert.Equal((deposit.EventId, true), (again.EventId, again.Replayed));
        Assert.Equal(2, await node.JournalRowsAsync("cl-lost"));
    }

    [Fact]
    public async Task A_write_without_a_key_is_not_sent_twice()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("cl-unkeyed", "0");
        using var network = new LosesFirstAnswer();
        var client = network.ClientOf(node, new ChronicleClientOptions { NewIdempotencyKey = null });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.DepositAsync(new DepositRequest("cl-unkeyed", 1m)));

        Assert.Equal(new string?[] { null }, network.Keys);
        Assert.Equal(2, await node.JournalRowsAsync("cl-unkeyed"));
    }

    [Fact]
    public async Task An_admin_call_is_asked_again_after_a_lost_answer_only_where_a_second_one_changes_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("client_admin_retries");
        var node = stack.Node;
        using (var network = new LosesFirstAnswer())
        using (var admin = network.ClientOf(node, new ChronicleClientOptions(), node.Keys.Operator))
        {
            // A second registration would be a second endpoint: sent once, the lost answer the caller's to settle.
            await Assert.ThrowsAsync<HttpRequestException>(() => admin.RegisterWebhookAsync(new RegisterWebhookRequest(receiver.Url.ToString(), ["MoneyDeposited"])));
            Assert.Equal([201], network.Statuses);
        }
        var registered = Assert.Single((await node.ClientFor(node.Keys.Operator).ListWebhooksAsync()).Webhooks);

        using (var network = new LosesFirstAnswer())
        using (var admin = network.ClientOf(node, new ChronicleClientOptions(), node.Keys.Operator))
        {
            // Pausing twice is pausing once; a report is a read.
            await admin.PauseWebhookAsync(registered.Id);
            Assert.Equal([204, 204], network.Statuses);
        }
        using (var network = new LosesFirstAnswer())
        using (var admin = network.ClientOf(node, new ChronicleClientOptions(), node.Keys.Operator))
        {
            Assert.False((await admin.GetProjectorAsync()).Rebuild.InProgress);
            Assert.Equal([200, 200], network.Statuses);
        }
        Assert.True(Assert.Single((await node.ClientFor(node.Keys.Operator).ListWebhooksAsync()).Webhooks).Paused);
    }

    [Fact]
    public async Task A_429_is_asked_again_after_its_Retry_After()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("client_rate_limit");
        await using var node = await TestNode.StartAsync(eventStore, limits: new RequestLimits { RequestsPerSecond = 1, Burst = 1 });
        await node.CreateAccountAsync("cl-limited", "0");
        using var network = new LosesFirstAnswer(lose: false);
        var client = network.ClientOf(node, new ChronicleClientOptions { Retry = new ChronicleRetryPolicy { MaxAttempts = 10 } });

        // Three at once against a bucket of one: at least two are refused at first, and each waits for its Retry-After.
        var took = Stopwatch.StartNew();
        var deposits = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.DepositAsync(new DepositRequest("cl-limited", 1m))));

        Assert.Contains(429, network.Statuses);
        Assert.Equal(3, network.Statuses.Count(status => status == 201));
        Assert.True(took.Elapsed >= TimeSpan.FromSeconds(1), $"all answered after {took.Elapsed}");
        Assert.Equal(new[] { 1m, 2m, 3m }, deposits.Select(d => d.Balance).Order());
        Assert.Equal(4, await node.JournalRowsAsync("cl-limited"));
    }

    [Fact]
    public async Task Cancellation_stops_a_call_before_it_is_sent_and_while_it_waits_to_retry()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("cl-cancel", "0");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            node.ClientFor(node.Keys.Client).DepositAsync(new DepositRequest("cl-cancel", 1m), cancellationToken: cancelled.Token));
        Assert.Equal(1, await node.JournalRowsAsync("cl-cancel"));

        // Nothing listens there: each try fails at once, and the client would wait a minute between them.
        var patient = new ChronicleRetryPolicy { MaxAttempts = 10, FirstDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(1) };
        using var nowhere = new ChronicleClient(new ChronicleClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}"), Retry = patient });
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var took = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nowhere.GetHealthAsync(soon.Token));
        Assert.True(took.Elapsed < TimeSpan.FromSeconds(30), $"cancelled after {took.Elapsed}");
    }

    [Fact]
    public async Task A_batch_answers_each_command_as_its_route_and_is_replayed_under_its_keys()
    {
        var node = await fixture.SharedNodeAsync();
        var client = node.ClientFor(node.Keys.Client);
        await node.CreateAccountAsync("cl-batch", "0");
        BatchCommand[] commands =
        [
            new DepositRequest("cl-batch", 10m),
            new WithdrawRequest("cl-batch", 1_000m),
            new BatchCommand(new DepositRequest("cl-batch", 1.25m) { Description = "keyed" }, "cl-batch-key"),
            new CreateAccountRequest("cl-batch-2", "Batch") { InitialBalance = 2m },
        ];

        var results = (await client.BatchAsync(commands)).Results;

        Assert.Equal(new[] { 201, 422, 201, 201 }, results.Select(r => r.Status));
        Assert.Equal(10m, results[0].Result<MoneyMovedResponse>().Balance);
        Assert.Equal(ProblemCodes.InsufficientFunds, results[1].Problem?.Code);
        Assert.Equal(ProblemCodes.InsufficientFunds, Assert.Throws<ChronicleProblemException>(() => results[1].Result<MoneyMovedResponse>()).Code);
        var keyed = results[2].Result<MoneyMovedResponse>();
        Assert.Equal(("cl-batch-key", 11.25m, false), (keyed.IdempotencyKey, keyed.Balance, keyed.Replayed));
        Assert.Equal("cl-batch-2", results[3].Result<AccountCreatedResponse>().AccountId);
        Assert.Equal(4, results.Select(r => r.IdempotencyKey).Distinct().Count());

        // The keyed command alone to its route: the batch's answer, replayed.
        var alone = await client.DepositAsync(new DepositRequest("cl-batch", 1.25m) { Description = "keyed" }, "cl-batch-key");
        Assert.Equal((keyed.EventId, true), (alone.EventId, alone.Replayed));
        Assert.Equal(3, await node.JournalRowsAsync("cl-batch"));
    }

    /// <summary>
    /// The network between the client and the node: every request goes through to the node; the first answer is lost on the
    /// way back (the connection cut after the node answered) unless told otherwise. Keeps each try's key and status.
    /// </summary>
    private sealed class LosesFirstAnswer(bool lose = true) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly Lock _lock = new();
        private HttpClient? _http;

        /// <summary>A client of <paramref name="node"/> with <paramref name="key"/> (its client key when null), through this network; disposed with it.</summary>
        public ChronicleClient ClientOf(TestNode node, ChronicleClientOptions options, string? key = null)
        {
            _http = new HttpClient(this, disposeHandler: false) { BaseAddress = node.Url };
            return new ChronicleClient(_http, options with { ApiKey = key ?? node.Keys.Client });
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _http?.Dispose();
            base.Dispose(disposing);
        }

        public List<string?> Keys { get; } = [];

        public List<int> Statuses { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int tries;
            lock (_lock)
            {
                Keys.Add(request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null);
                tries = Keys.Count;
            }
            var response = await base.SendAsync(request, cancellationToken);
            lock (_lock) Statuses.Add((int)response.StatusCode);
            if (!lose || tries > 1) return response;
            response.Dispose();
            throw new HttpRequestException("the connection was cut before the answer arrived");
        }
    }
}
