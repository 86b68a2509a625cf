using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chronicle.Chaos.Workload;

/// <summary>
/// The bank workload: several clients, each doing one operation at a time, chosen at random (seeded):
/// deposits, withdrawals and transfers of 0.01 to 10.00 between accounts. Like a careful client, each
/// retries an unanswered or 503-answered request under the same key until it gets a final answer or
/// <see cref="OperationDeadline"/> passes; a transfer answered 202 is followed (strong read) until it
/// ends. Every operation and every answer goes to the log the checker reads.
/// </summary>
/// <param name="clock">The run's clock, started when the clients and the nemesis are: each operation's <see cref="BankOperation.StartedAt"/>.</param>
internal sealed class BankClients(HttpClient gateway, IReadOnlyList<string> accounts, int seed, string keyPrefix, Stopwatch clock)
{
    /// <summary>After this, an operation is logged as unresolved: the run must end, the cluster may still be failing over.</summary>
    public static readonly TimeSpan OperationDeadline = TimeSpan.FromMinutes(2);

    /// <summary>A pause between two tries of one request, as a client backs off.</summary>
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentQueue<BankOperation> _log = new();

    public IReadOnlyCollection<BankOperation> Log => _log;

    /// <summary>Opens one of the accounts with <paramref name="initialBalance"/>, retried under one key as the clients' writes are; throws unless it was created.</summary>
    public async Task CreateAccountAsync(string accountId, long initialBalance)
    {
        var body = new { account_id = accountId, owner_name = "Chaos bank", initial_balance = Money(initialBalance), currency = "USD" };
        var deadline = DateTime.UtcNow + OperationDeadline;
        while (true)
        {
            var (status, code) = await SendAsync(HttpMethod.Post, "/commands/create-account", body, "create-" + accountId);
            if (status == HttpStatusCode.Created) return;
            if (!Retryable(status) || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"create-account {accountId} answered {Describe(status, code)}");
            await Task.Delay(Backoff);
        }
    }

    /// <summary>Runs <paramref name="clients"/> clients until <paramref name="stop"/>; each finishes the operation it is in.</summary>
    public Task RunAsync(int clients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, new Random(seed * 1000 + c), stop))));

    private async Task ClientAsync(int client, Random random, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}-{client}-{i}");
            var from = accounts[random.Next(accounts.Count)];
            var amount = random.Next(1, 1001);
            var startedAt = clock.Elapsed;
            var operation = random.Next(10) switch
            {
                < 3 => await WriteAsync(OperationKind.Deposit, "/commands/deposit", key, from, amount),
                < 6 => await WriteAsync(OperationKind.Withdraw, "/commands/withdraw", key, from, amount),
                _ => await TransferAsync(key, from, OtherThan(from, random), amount),
            };
            _log.Enqueue(operation with { StartedAt = startedAt });
        }
    }

    private string OtherThan(string account, Random random)
    {
        var other = accounts[random.Next(accounts.Count - 1)];
        return other == account ? accounts[^1] : other;
    }

    private async Task<BankOperation> WriteAsync(OperationKind kind, string route, string key, string accountId, long amount)
    {
        var answers = new List<string>();
        var took = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + OperationDeadline;
        while (DateTime.UtcNow < deadline)
        {
            var (status, code) = await SendAsync(HttpMethod.Post, route, new { account_id = accountId, amount = Money(amount) }, key);
            answers.Add(Describe(status, code));
            if (status == HttpStatusCode.Created) return new BankOperation(kind, key, accountId, amount, Outcome.Acknowledged, null, answers, took.Elapsed);
            if (status == HttpStatusCode.UnprocessableEntity) return new BankOperation(kind, key, accountId, amount, Outcome.Refused, code, answers, took.Elapsed);
            if (!Retryable(status)) throw new InvalidOperationException($"{kind} {key} answered {Describe(status, code)}: the workload sends only valid requests");
            await Task.Delay(Backoff);
        }
        return new BankOperation(kind, key, accountId, amount, Outcome.Unresolved, null, answers, took.Elapsed);
    }

    /// <summary>A transfer under its own id: 201 completed, 422 failed, 202 still running (then followed), 503 or no answer (sent again).</summary>
    private async Task<BankOperation> TransferAsync(string transferId, string from, string to, long amount)
    {
        var answers = new List<string>();
        var took = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + OperationDeadline;
        var body = new { from_account_id = from, to_account_id = to, amount = Money(amount), transfer_id = transferId };
        while (DateTime.UtcNow < deadline)
        {
            var (status, code) = await SendAsync(HttpMethod.Post, "/commands/transfer", body, key: null);
            if (status == HttpStatusCode.Accepted) (status, code) = await FollowAsync(transferId, deadline, answers);
            else answers.Add(Describe(status, code));
            if (status == HttpStatusCode.Created) return new BankOperation(OperationKind.Transfer, transferId, from, amount, Outcome.Acknowledged, null, answers, took.Elapsed);
            if (status == HttpStatusCode.UnprocessableEntity)
                return new BankOperation(OperationKind.Transfer, transferId, from, amount, Outcome.Refused, code, answers, took.Elapsed);
            if (!Retryable(status)) throw new InvalidOperationException($"transfer {transferId} answered {Describe(status, code)}");
            await Task.Delay(Backoff);
        }
        return new BankOperation(OperationKind.Transfer, transferId, from, amount, Outcome.Unresolved, null, answers, took.Elapsed);
    }

    /// <summary>
    /// A transfer answered 202, read from its source account until it ends: its outcome as the POST would have
    /// answered it. 202 says the intent is durable but no answer came in time; a 404 now would mean the start
    /// was never recorded, and the POST is sent again.
    /// </summary>
    private async Task<(HttpStatusCode, string?)> FollowAsync(string transferId, DateTime deadline, List<string> answers)
    {
        answers.Add("202 pending");
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(Backoff);
            var (status, state) = await ReadTransferAsync(transferId);
            if (status == HttpStatusCode.NotFound)
            {
                answers.Add("404 on follow-up");
                return (0, "not started");
            }
            if (state?.Status is not ("completed" or "failed")) continue;
            answers.Add($"{state.Status} on follow-up");
            return state.Status == "completed" ? (HttpStatusCode.Created, null) : (HttpStatusCode.UnprocessableEntity, state.Reason);
        }
        return (HttpStatusCode.ServiceUnavailable, "pending");
    }

    private async Task<(HttpStatusCode, TransferView?)> ReadTransferAsync(string transferId)
    {
        try
        {
            using var response = await gateway.GetAsync($"/transfers/{transferId}?consistency=strong");
            return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TransferView>(Json) : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (HttpStatusCode.ServiceUnavailable, null);
        }
    }

    private async Task<(HttpStatusCode Status, string? Code)> SendAsync(HttpMethod method, string route, object body, string? key)
    {
        using var request = new HttpRequestMessage(method, route) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        try
        {
            using var response = await gateway.SendAsync(request);
            if (response.IsSuccessStatusCode) return (response.StatusCode, null);
            var problem = await response.Content.ReadFromJsonAsync<ProblemView>(Json);
            return (response.StatusCode, problem?.Code);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            // No answer (or none readable): the write may or may not have happened; the same key settles it.
            return (0, "timeout");
        }
    }

    private static bool Retryable(HttpStatusCode status) => status is 0 or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests;

    private static string Describe(HttpStatusCode status, string? code) =>
        status == 0 ? "timeout" : code is null ? ((int)status).ToString(CultureInfo.InvariantCulture) : $"{(int)status} {code}";

    public static string Money(long minorUnits) => (minorUnits / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ProblemView(string? Code);

    private sealed record TransferView(string Status, string? Reason);
}
