using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronicle.Client.Http;
using Chronicle.Contracts.Admin;

namespace Chronicle.Client;

/// <summary>
/// A client of one Chronicle node's HTTP API (its OpenAPI document: <c>GET /openapi/v1.json</c>). Every write goes with an
/// Idempotency-Key (the caller's, or one made per call) and is retried under it as <see cref="ChronicleRetryPolicy"/> says,
/// so it is applied once however often it is sent; every refusal is a <see cref="ChronicleProblemException"/> with its
/// <c>code</c>. Thread-safe: one client serves a whole application.
/// </summary>
public sealed partial class ChronicleClient : IDisposable
{
    private readonly HttpClient? _owned;
    private readonly ChronicleTransport _transport;
    private readonly Func<string>? _newKey;

    /// <summary>A client with an HttpClient of its own (disposed with it).</summary>
    /// <param name="options">At least <see cref="ChronicleClientOptions.BaseAddress"/>.</param>
    public ChronicleClient(ChronicleClientOptions options)
        : this(OwnHttpClient(options), options, owned: true)
    {
    }

    /// <summary>A client over <paramref name="http"/>, which the caller keeps and disposes (its handler, pooling and timeout are the caller's).</summary>
    /// <param name="http">Its <see cref="HttpClient.BaseAddress"/> is the node's URL unless <paramref name="options"/> name one.</param>
    /// <param name="options">The defaults when null.</param>
    public ChronicleClient(HttpClient http, ChronicleClientOptions? options = null)
        : this(http, options ?? new ChronicleClientOptions(), owned: false)
    {
    }

    private ChronicleClient(HttpClient http, ChronicleClientOptions options, bool owned)
    {
        var baseAddress = options.BaseAddress ?? http.BaseAddress
            ?? throw new ArgumentException("the node's URL: ChronicleClientOptions.BaseAddress or the HttpClient's BaseAddress", nameof(options));
        if (owned) _owned = http;
        _newKey = options.NewIdempotencyKey;
        var authorization = string.IsNullOrEmpty(options.ApiKey) ? null : new AuthenticationHeaderValue("Bearer", options.ApiKey);
        _transport = new ChronicleTransport(http, AsDirectory(baseAddress), authorization, options.Retry);
    }

    /// <summary><c>POST /commands/create-account</c>: 201, or 409 <c>account_exists</c>.</summary>
    /// <param name="request">The account.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null (<see cref="ChronicleClientOptions.NewIdempotencyKey"/>).</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountCreatedResponse> CreateAccountAsync(CreateAccountRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/deposit</c>: the balance after it.</summary>
    /// <param name="request">The deposit.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<MoneyMovedResponse> DepositAsync(DepositRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/withdraw</c>: the balance after it, or 422 <c>insufficient_funds</c>.</summary>
    /// <param name="request">The withdrawal.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<MoneyMovedResponse> WithdrawAsync(WithdrawRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary>
    /// <c>POST /commands/transfer</c>: completed or held (201), or still running (202, <see cref="TransferRecordedResponse.Running"/>);
    /// a failed transfer is 422 with its reason as the code.
    /// </summary>
    /// <param name="request">The transfer.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<TransferRecordedResponse> TransferAsync(TransferRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/post-transfer</c>: a hold credited, all or part of it.</summary>
    /// <param name="request">The hold and the amount.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<TransferPostedResponse> PostTransferAsync(PostTransferRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/void-transfer</c>: a hold given back to its source.</summary>
    /// <param name="request">The hold.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<TransferVoidedResponse> VoidTransferAsync(VoidTransferRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/freeze-account</c>.</summary>
    /// <param name="request">The account.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountChangedResponse> FreezeAccountAsync(FreezeAccountRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/unfreeze-account</c>.</summary>
    /// <param name="request">The account.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountChangedResponse> UnfreezeAccountAsync(UnfreezeAccountRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/close-account</c>.</summary>
    /// <param name="request">The account.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountChangedResponse> CloseAccountAsync(CloseAccountRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary><c>POST /commands/set-overdraft-limit</c>.</summary>
    /// <param name="request">The account and its limit.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountChangedResponse> SetOverdraftLimitAsync(SetOverdraftLimitRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(request, idempotencyKey, cancellationToken);

    /// <summary>Any write, to its own route (<c>POST /commands/{type}</c>): what the typed methods call.</summary>
    /// <typeparam name="TResult">The write's success body.</typeparam>
    /// <param name="command">The write.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public async Task<TResult> SendAsync<TResult>(ChronicleCommand<TResult> command, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        where TResult : CommandResult =>
        (TResult)await SendAsync((ChronicleCommand)command, idempotencyKey, cancellationToken).ConfigureAwait(false);

    /// <summary>Any write, to its own route, when its type is known only at run time; the result is of the command's result type.</summary>
    /// <param name="command">The write.</param>
    /// <param name="idempotencyKey">The write's key; one made for this call when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public async Task<CommandResult> SendAsync(ChronicleCommand command, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var key = idempotencyKey ?? _newKey?.Invoke();
        var body = JsonSerializer.SerializeToUtf8Bytes(command, ClientJson.Default.GetTypeInfo(command.GetType())!);
        var answer = await _transport.SendAsync(HttpMethod.Post, "commands/" + command.Type, body, key, retryable: key is not null, cancellationToken)
            .ConfigureAwait(false);
        var result = (CommandResult)Read(answer, ClientJson.Default.GetTypeInfo(command.ResultType)!);
        result.IdempotencyKey = key;
        result.Replayed = answer.Replayed;
        return result;
    }

    /// <summary>
    /// <c>POST /commands/batch</c>: up to 1,000 writes in one request, each answered as its own route would answer it, in
    /// order; one refused changes nothing for the others. Each command goes with its own key (the one given, or one made),
    /// so the whole batch is retried, and each command applied once, when the request gets no answer or a 503.
    /// </summary>
    /// <param name="commands">The writes; a <see cref="ChronicleCommand"/> converts to a <see cref="BatchCommand"/> without a key of its own.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public async Task<BatchResponse> BatchAsync(IEnumerable<BatchCommand> commands, CancellationToken cancellationToken = default)
    {
        var keyed = commands.Select(c => c with { IdempotencyKey = c.IdempotencyKey ?? _newKey?.Invoke() }).ToList();
        var answer = await _transport.SendAsync(HttpMethod.Post, "commands/batch", BatchCommand.Serialize(keyed),
            idempotencyKey: null, retryable: keyed.All(c => c.IdempotencyKey is not null), cancellationToken).ConfigureAwait(false);
        var response = Read(answer, ClientJson.Default.BatchResponse);
        for (var i = 0; i < response.Results.Count && i < keyed.Count; i++) response.Results[i].IdempotencyKey = keyed[i].IdempotencyKey;
        return response;
    }

    /// <summary><c>GET /accounts/{id}</c>: 404 <c>account_not_found</c> when there is none.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="consistency">Who answers; the read model (falling back to the account) by default.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountResponse> GetAccountAsync(string accountId, ReadConsistency consistency = ReadConsistency.Eventual,
        CancellationToken cancellationToken = default) =>
        GetAsync(Query($"accounts/{Segment(accountId)}", ("consistency", Consistency(consistency))), ClientJson.Default.AccountResponse, cancellationToken);

    /// <summary>
    /// <c>GET /accounts</c>: accounts in id order, from the read model: those whose id starts with <paramref name="prefix"/> and
    /// that carry every label of <paramref name="metadata"/>.
    /// </summary>
    /// <param name="prefix">What the ids start with; any when null.</param>
    /// <param name="metadata">Labels they must all carry (<c>metadata[KEY]=VALUE</c>); any when null.</param>
    /// <param name="limit">How many: 1-100; 20 when null.</param>
    /// <param name="after">The next page: the <see cref="AccountsResponse.Next"/> of this one.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<AccountsResponse> ListAccountsAsync(string? prefix = null, IReadOnlyDictionary<string, string>? metadata = null, int? limit = null,
        string? after = null, CancellationToken cancellationToken = default) =>
        GetAsync(Query("accounts", [("prefix", prefix), .. Filters(metadata), ("limit", Number(limit)), ("after", after)]),
            ClientJson.Default.AccountsResponse, cancellationToken);

    /// <summary><c>GET /accounts/{id}/transactions</c>: a page of them, newest first.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="limit">How many: 1-500; 50 when null.</param>
    /// <param name="before">The next (older) page: the <see cref="TransactionItem.Version"/> of the last row of this one.</param>
    /// <param name="metadata">Only the movements that carry all these labels (<c>metadata[KEY]=VALUE</c>); <c>total</c> then counts those.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<TransactionsResponse> GetTransactionsAsync(string accountId, int? limit = null, long? before = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        GetAsync(Query($"accounts/{Segment(accountId)}/transactions", [("limit", Number(limit)), ("before", Number(before)), .. Filters(metadata)]),
            ClientJson.Default.TransactionsResponse, cancellationToken);

    /// <summary><c>GET /transfers/{id}</c>: 404 <c>transfer_not_found</c> when there is none.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="consistency">Who answers: the read model by default, its source account for <see cref="ReadConsistency.Strong"/>.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<TransferResponse> GetTransferAsync(string transferId, ReadConsistency consistency = ReadConsistency.Eventual,
        CancellationToken cancellationToken = default) =>
        GetAsync(Query($"transfers/{Segment(transferId)}", ("consistency", Consistency(consistency))), ClientJson.Default.TransferResponse, cancellationToken);

    /// <summary><c>GET /transfers</c>: the most recently changed transfers, newest first, from the read model.</summary>
    /// <param name="limit">How many: 1-500; 50 when null.</param>
    /// <param name="status">Only those with this status (<see cref="TransferStatuses"/>); all when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<TransfersResponse> ListTransfersAsync(int? limit = null, string? status = null, CancellationToken cancellationToken = default) =>
        GetAsync(Query("transfers", ("limit", Number(limit)), ("status", status)), ClientJson.Default.TransfersResponse, cancellationToken);

    /// <summary>
    /// <c>GET /accounts/{id}/balance-at</c>: time travel, the account as of <paramref name="at"/>, rebuilt from its events;
    /// 404 <c>account_not_found</c> when it did not exist then. An auditor's read.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="at">The instant.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<BalanceAtResponse> GetBalanceAtAsync(string accountId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        GetAsync(Query($"accounts/{Segment(accountId)}/balance-at", ("timestamp", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))),
            ClientJson.Default.BalanceAtResponse, cancellationToken);

    /// <summary><c>GET /events</c>: the audit log, newest first, from the read model. An auditor's read.</summary>
    /// <param name="limit">How many: 1-1,000; 100 when null.</param>
    /// <param name="after">Only events after this journal sequence.</param>
    /// <param name="before">Only events before this journal sequence: the next (older) page is before the last one's <see cref="EventItem.Sequence"/>.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<EventsResponse> GetEventsAsync(int? limit = null, long? after = null, long? before = null, CancellationToken cancellationToken = default) =>
        GetAsync(Query("events", ("limit", Number(limit)), ("after", Number(after)), ("before", Number(before))), ClientJson.Default.EventsResponse,
            cancellationToken);

    /// <summary>
    /// <c>GET /accounts/{id}/verify-chain</c>: the account's hash chain checked against its journal (docs/HASH-CHAIN.md);
    /// 404 <c>account_not_found</c> when it has no events. An auditor's read.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<ChainReport> VerifyChainAsync(string accountId, CancellationToken cancellationToken = default) =>
        GetAsync($"accounts/{Segment(accountId)}/verify-chain", ClientJson.Default.ChainReport, cancellationToken);

    /// <summary><c>GET /healthz</c>: the node's process answers (no API key needed).</summary>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<HealthResponse> GetHealthAsync(CancellationToken cancellationToken = default) =>
        GetAsync("healthz", ClientJson.Default.HealthResponse, cancellationToken);

    /// <summary>The HttpClient of a client that makes its own, once its options name the node.</summary>
    private static HttpClient OwnHttpClient(ChronicleClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.BaseAddress ?? throw new ArgumentException("the node's URL: ChronicleClientOptions.BaseAddress", nameof(options));
        return new HttpClient { BaseAddress = address, Timeout = options.Timeout };
    }

    /// <summary>Disposes the HttpClient the client made itself; one given to it stays the caller's.</summary>
    public void Dispose() => _owned?.Dispose();

    private Task<T> GetAsync<T>(string route, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, route, retryable: true, type, cancellationToken);

    /// <summary>A call without an Idempotency-Key: a read, or an admin route; <paramref name="retryable"/> says whether sending it twice is harmless.</summary>
    private async Task<T> CallAsync<T>(HttpMethod method, string route, bool retryable, JsonTypeInfo<T> type, CancellationToken cancellationToken,
        byte[]? body = null)
    {
        var answer = await _transport.SendAsync(method, route, body, idempotencyKey: null, retryable, cancellationToken).ConfigureAwait(false);
        return Read(answer, type);
    }

    /// <summary>A call whose success has no body (204).</summary>
    private Task CallAsync(HttpMethod method, string route, bool retryable, CancellationToken cancellationToken) =>
        _transport.SendAsync(method, route, body: null, idempotencyKey: null, retryable, cancellationToken);

    private static T Read<T>(Answer answer, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(answer.Body, type) ?? throw new JsonException($"the node answered {answer.Status} with no body");

    private static object Read(Answer answer, JsonTypeInfo type) =>
        JsonSerializer.Deserialize(answer.Body, type) ?? throw new JsonException($"the node answered {answer.Status} with no body");

    /// <summary>The base address as a directory, so that routes resolve under its path (<c>http://host/chronicle</c> → <c>/chronicle/accounts/...</c>).</summary>
    private static Uri AsDirectory(Uri address) => address.AbsolutePath.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");

    private static string Segment(string id) => Uri.EscapeDataString(id);

    private static string? Consistency(ReadConsistency consistency) => consistency == ReadConsistency.Strong ? "strong" : null;

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }

    /// <summary>Labels to match, one <c>metadata[KEY]=VALUE</c> parameter each.</summary>
    private static IEnumerable<(string Name, string? Value)> Filters(IReadOnlyDictionary<string, string>? metadata) =>
        metadata?.Select(label => ($"metadata[{label.Key}]", (string?)label.Value)) ?? [];
}
