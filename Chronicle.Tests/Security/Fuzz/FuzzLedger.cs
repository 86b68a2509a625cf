using System.Net;
using System.Text;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>
/// The ledger the fuzzer attacks: a few accounts in every state (active USD and JPY, frozen, closed, a
/// transfer's payee, the empty target of an open hold, one in overdraft), a deposit made with an Idempotency-Key, a completed
/// transfer, the open hold. And its state, as
/// text, to compare before and after: every ledger stream's length in the journal (the streams of the
/// accounts and transfers; Akka's own bookkeeping under "/sharding" is not the ledger), and every
/// account's balance, overdraft limit, version, status and metadata as the account itself answers.
/// </summary>
public static class FuzzLedger
{
    public const string Usd = "fz-usd";
    public const string Jpy = "fz-jpy";
    public const string Frozen = "fz-frozen";
    public const string Closed = "fz-closed";
    public const string Payee = "fz-payee";
    public const string TransferId = "fz-t1";

    /// <summary>An empty account that is the target of <see cref="HoldId"/>, an open hold from <see cref="Usd"/>: it may not close.</summary>
    public const string Pending = "fz-pending";
    public const string HoldId = "fz-h1";
    public const string HoldAmount = "3.00";

    /// <summary>The key of the seeded deposit of <see cref="SeedDepositAmount"/> to <see cref="Usd"/>: any other request with it is refused.</summary>
    public const string SeedIdempotencyKey = "fz-seed-deposit";
    public const string SeedDepositAmount = "10.00";

    /// <summary>
/// An account 20.00 into its overdraft of 50.00: its limit may not go below 20.00, nor may it take more than 30.00. It has
/// metadata ({"fuzz": "overdrawn", "tier": "gold"}), which the fuzzer's filters may find.
/// </summary>
    public const string Overdrawn = "fz-overdrawn";

    public static readonly string[] Accounts = [Usd, Jpy, Frozen, Closed, Payee, Pending, Overdrawn];

    public static async Task SeedAsync(TestNode node)
    {
        await node.CreateAccountAsync(Usd, "1000.00");
        await node.CreateAccountAsync(Jpy, "5000", "JPY");
        await node.CreateAccountAsync(Frozen, "10.00");
        await node.CreateAccountAsync(Closed);
        await node.CreateAccountAsync(Payee);
        await ExpectAsync(node.PostAsync("/commands/create-account", new
        {
            account_id = Overdrawn, owner_name = "Fuzz", overdraft_limit = "50.00", metadata = new Dictionary<string, string> { ["fuzz"] = "overdrawn", ["tier"] = "gold" },
        }), HttpStatusCode.Created);
        await ExpectAsync(node.PostAsync("/commands/withdraw", new { account_id = Overdrawn, amount = "20.00" }), HttpStatusCode.Created);
        await ExpectAsync(node.PostAsync("/commands/deposit", new { account_id = Usd, amount = SeedDepositAmount }, SeedIdempotencyKey), HttpStatusCode.Created);
        await ExpectAsync(node.PostAsync("/commands/freeze-account", new { account_id = Frozen, reason = "fuzz" }), HttpStatusCode.OK);
        await ExpectAsync(node.PostAsync("/commands/close-account", new { account_id = Closed }), HttpStatusCode.OK);
        await ExpectAsync(node.PostAsync("/commands/transfer",
            new { from_account_id = Usd, to_account_id = Payee, amount = "5.00", transfer_id = TransferId }), HttpStatusCode.Created);
        await node.CreateAccountAsync(Pending);
        // Answered once the target holds it pending: nothing of it is written after.
        await ExpectAsync(node.PostAsync("/commands/transfer",
            new { from_account_id = Usd, to_account_id = Pending, amount = HoldAmount, transfer_id = HoldId, hold = true }), HttpStatusCode.Created);
        // The source answers once the credit is durable and records the settlement just after: the state
        // compared before and after the fuzzing must not see that row arrive in between.
        await Eventually.Until(() => JournalSql.TransfersInFlightAsync(node.EventStore), n => n == 0,
            TimeSpan.FromSeconds(30), $"transfer {TransferId}'s outcome recorded");
    }

    public static async Task<string> StateAsync(TestNode node)
    {
        var state = new StringBuilder();
        foreach (var (persistenceId, rows, last) in await JournalSql.LedgerStreamsAsync(node.EventStore))
            state.AppendLine($"stream {persistenceId}: {rows} rows, last {last}");
        foreach (var id in Accounts)
        {
            var response = await node.Auditor.GetAsync($"/accounts/{id}?consistency=strong");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var account = await response.BodyAsync();
            state.AppendLine($"account {id}: {account.Str("balance")} {account.Str("currency")}, overdraft limit {account.Str("overdraft_limit")}, " +
                             $"version {account.Int("version")}, {account.Str("status")}, metadata {account.GetProperty("metadata")}");
        }
        return state.ToString();
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        var response = await request;
        Assert.True(response.StatusCode == status, "seeding: " + await response.DescribeAsync());
    }
}
