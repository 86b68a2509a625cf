using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Chronicle.Client;

namespace Chronicle.Chaos.Workload;

/// <summary>
/// The bank workload: several clients, each doing one operation at a time, chosen at random (seeded):
/// deposits, withdrawals and transfers of 0.01 to 10.00 between accounts. Like a careful client, each
/// retries an unanswered or 503-answered request under the same key until it gets a final answer or
/// <see cref="OperationDeadline"/> passes; a transfer answered 202 is followed (strong read) until it
/// ends. Every operation and every answer goes to the log the checker reads.
/// </summary>
/// <param name="gateway">The gateway, with a client's API key as its default Authorization.</param>
/// <param name="clock">The run's clock, started when the clients and the nemesis are: each operation's <see cref="BankOperation.StartedAt"/>.</param>
internal sealed class BankClients(HttpClient gateway, IReadOnlyList<string> accounts, int seed, string keyPrefix, Stopwatch clock)
{
    /// <summary>
    /// Chronicle.Client sending each try once, under the key the workload names (none for a transfer: its id is its key): the
    /// workload retries by itself, to log every answer and to follow a transfer answered 202.
    /// </summary>
    private readonly ChronicleClient _ledger = new(gateway, new ChronicleClientOptions { Retry = ChronicleRetryPolicy.None, NewIdempotencyKey = null });

    /// <summary>After this, an operation is logged as unresolved: the run must end, the cluster may still be failing over.</summary>
    public static readonly TimeSpan OperationDeadline = TimeSpan.FromMinutes(2);

    /// <summary>A pause between two tries of one request, as a client backs off.</summary>
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentQueue<BankOperation> _log = new();

    public IReadOnlyCollection<BankOperation> Log => _log;

    /// <summary>Opens one of the accounts with <paramref name="initialBalance"/>, retried under one key as the clients' writes are; throws unless it was created.</summary>
    public async Task CreateAccountAsync(string accountId, long initialBalance)
    {
        var command = new CreateAccountRequest(accountId, "Chaos bank") { InitialBalance = Amount(initialBalance), Currency = "USD" };
        var deadline = DateTime.UtcNow + OperationDeadline;
        while (true)
        {
            var (status, code) = await SendAsync(command, "create-" + accountId);
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
                < 3 => await WriteAsync(OperationKind.Deposit, new DepositRequest(from, Amount(amount)), key, amount),
                < 6 => await WriteAsync(OperationKind.Withdraw, new WithdrawRequest(from, Amount(amount)), key, amount),
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

    private async Task<BankOperation> WriteAsync(OperationKind kind, MoneyMovementRequest command, string key, long amount)
    {
        var answers = new List<string>();
        var took = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + OperationDeadline;
        var accountId = command.AccountId;
        while (DateTime.UtcNow < deadline)
        {
            var (status, code) = await SendAsync(command, key);
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
        var command = new TransferRequest(from, to, Amount(amount)) { TransferId = transferId };
        while (DateTime.UtcNow < deadline)
        {
            var (status, code) = await SendAsync(command, key: null);
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
            if (state?.Status is not (TransferStatuses.Completed or TransferStatuses.Failed)) continue;
            answers.Add($"{state.Status} on follow-up");
            return state.Status == TransferStatuses.Completed ? (HttpStatusCode.Created, null) : (HttpStatusCode.UnprocessableEntity, state.Reason);
        }
        return (HttpStatusCode.ServiceUnavailable, "pending");
    }

    private async Task<(HttpStatusCode, TransferResponse?)> ReadTransferAsync(string transferId)
    {
        try
        {
            return (HttpStatusCode.OK, await _ledger.GetTransferAsync(transferId, ReadConsistency.Strong));
        }
        catch (ChronicleProblemException problem)
        {
            return ((HttpStatusCode)problem.Status, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (HttpStatusCode.ServiceUnavailable, null);
        }
    }

    /// <summary>One try: 201 (202 for a transfer still running) or the problem's status and code; 0 and "timeout" for no answer.</summary>
    private async Task<(HttpStatusCode Status, string? Code)> SendAsync(ChronicleCommand command, string? key)
    {
        try
        {
            var result = await _ledger.SendAsync(command, key);
            return (result is TransferRecordedResponse { Running: true } ? HttpStatusCode.Accepted : HttpStatusCode.Created, null);
        }
        catch (ChronicleProblemException problem)
        {
            return ((HttpStatusCode)problem.Status, problem.Code);
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

    public static string Money(long minorUnits) => Amount(minorUnits).ToString("0.00", CultureInfo.InvariantCulture);

    private static decimal Amount(long minorUnits) => minorUnits / 100m;
}
