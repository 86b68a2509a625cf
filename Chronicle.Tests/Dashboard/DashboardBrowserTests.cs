using System.Net;
using System.Text.RegularExpressions;
using Chronicle.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chronicle.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium through Playwright) against a real node with
/// PostgreSQL, NATS and the read side: what a person at the page sees, waited for with Playwright's
/// auto-retrying expectations (never a sleep), with screenshots under the test output.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed partial class DashboardBrowserTests(LedgerFixture fixture)
{
    [GeneratedRegex(@"^\d[\d,]* ms$")]
    private static partial Regex Milliseconds();

    [Fact]
    public async Task Without_a_key_the_page_asks_for_one_and_requests_no_data()
    {
        var node = await fixture.SharedNodeAsync();
        await using var browser = await DashboardBrowser.LaunchAsync();
        var requested = new List<string>();
        browser.Page.Request += (_, request) =>
        {
            lock (requested) requested.Add(new Uri(request.Url).AbsolutePath);
        };

        await browser.Page.GotoAsync(node.Url.ToString());

        await Expect(browser.Page.Locator("#key-form")).ToBeVisibleAsync();
        await Expect(browser.Page.Locator("#dashboard")).ToBeHiddenAsync();
        await Expect(browser.Page.Locator("#key-input")).ToBeFocusedAsync();
        lock (requested) Assert.All(requested, path => Assert.True(path == "/" || path.StartsWith("/dashboard/", StringComparison.Ordinal), path));
        Assert.Contains("/dashboard/main.js", requested);
        await browser.ScreenshotAsync("dashboard-key-gate");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Deposit_shows_live_time_travel_shows_the_earlier_balance_a_failed_transfer_its_reason_and_a_pause_loses_nothing()
    {
        await using var stack = await fixture.StartReadSideAsync("dash_browser");
        var node = stack.Node;
        await LiveStream.WaitForFeedAsync(node, 0);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(node.Url.ToString());
        await page.Locator("#key-input").FillAsync(node.Keys.Auditor);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open dashboard" }).ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        // An account opened through the API appears in the live stream.
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/create-account", new
        {
            account_id = "dash-alice", owner_name = "Alice", initial_balance = "100.00",
            metadata = new Dictionary<string, string> { ["tier"] = "gold", ["customer"] = "c-42" },
        })).StatusCode);
        var events = page.Locator("#events tbody tr");
        await Expect(events.Filter(new() { HasText = "AccountCreated" }).Filter(new() { HasText = "dash-alice" })).ToHaveCountAsync(1);

        await page.Locator("#account-query").FillAsync("dash-alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(page.Locator("#account-balance")).ToHaveTextAsync("100.00 USD");
        await Expect(page.Locator("#account-chain")).ToContainTextAsync("valid · 1 event · head ");
        await Expect(page.Locator("#account-metadata")).ToHaveTextAsync("customer=c-42 · tier=gold");

        // A deposit: in the stream (type, account, amount, version), and the open account view follows it.
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/deposit", new { account_id = "dash-alice", amount = "25.00", description = "salary" })).StatusCode);
        var deposit = events.Filter(new() { HasText = "MoneyDeposited" }).Filter(new() { HasText = "dash-alice" });
        await Expect(deposit).ToHaveCountAsync(1);
        await Expect(deposit.Locator("td").Nth(4)).ToHaveTextAsync("25.00 USD");
        await Expect(deposit.Locator("td").Nth(5)).ToHaveTextAsync("2");
        await Expect(page.Locator("#account-balance")).ToHaveTextAsync("125.00 USD");
        await Expect(page.Locator("#account-version")).ToHaveTextAsync("2");
        var newest = page.Locator("#transactions tbody tr").First;
        await Expect(newest).ToContainTextAsync("deposit");
        await Expect(newest.Locator("td").Nth(2)).ToHaveTextAsync("25.00");
        await Expect(newest.Locator("td").Nth(3)).ToHaveTextAsync("125.00");

        // Time travel to the account's first millisecond, before the deposit: the opening balance, version 1.
        var slider = page.Locator("#travel");
        await slider.FillAsync((await slider.GetAttributeAsync("min"))!);
        await Expect(page.Locator("#travel-result")).ToContainTextAsync("100.00 USD · version 1 · overdraft limit 0.00 USD");
        await browser.ScreenshotAsync("dashboard-laptop-time-travel");

        // A transfer to a frozen account fails, refunded: listed as failed, with the reason.
        await node.CreateAccountAsync("dash-bob");
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/freeze-account", new { account_id = "dash-bob", reason = "review" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "dash-alice", to_account_id = "dash-bob", amount = "10.00", transfer_id = "dash-t1" })).StatusCode);
        var transfer = page.Locator("#transfers tbody tr[data-transfer-id='dash-t1']");
        await Expect(transfer.Locator(".badge")).ToHaveTextAsync("failed");
        await Expect(transfer).ToContainTextAsync("account_frozen");
        await Expect(events.Filter(new() { HasText = "TransferReturned" }).Filter(new() { HasText = "dash-t1" })).ToContainTextAsync("account_frozen");

        // The top row: money held (refunded: all of alice's 125.00 still there), one member up, a lag.
        await Expect(page.Locator("#money-list")).ToContainTextAsync("125.00 USD");
        await Expect(page.Locator("#member-count")).ToHaveTextAsync("1 up");
        await Expect(page.Locator("#lag-ms")).ToHaveTextAsync(Milliseconds());

        // Paused, the page reads nothing; on resume it asks for what came after the last event it saw.
        var pause = page.Locator("#pause");
        await pause.ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("paused");
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/deposit", new { account_id = "dash-alice", amount = "7.00", description = "while paused" })).StatusCode);
        await pause.ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await Expect(events.Filter(new() { HasText = "while paused" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#account-balance")).ToHaveTextAsync("132.00 USD");
        await AssertNoSequenceTwiceNorMissingAsync(events);

        // An overdraft limit: in the account's facts, and counted in what is available.
        Assert.Equal(HttpStatusCode.OK,
            (await node.PostAsync("/commands/set-overdraft-limit", new { account_id = "dash-alice", overdraft_limit = "40.00" })).StatusCode);
        await Expect(page.Locator("#account-overdraft")).ToHaveTextAsync("40.00 USD");
        await Expect(page.Locator("#account-available")).ToHaveTextAsync("172.00 USD");
        await Expect(events.Filter(new() { HasText = "OverdraftLimitSet" }).Filter(new() { HasText = "dash-alice" })).ToContainTextAsync("40.00 USD");

        await browser.ScreenshotAsync("dashboard-laptop");
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("#account-balance")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("dashboard-phone");
        Assert.Empty(browser.Errors);
    }

    /// <summary>The stream's rows, newest first, hold consecutive feed sequences: none skipped, none repeated, across the pause.</summary>
    private static async Task AssertNoSequenceTwiceNorMissingAsync(ILocator rows)
    {
        var sequences = (await rows.EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.sequence))")).ToList();
        Assert.NotEmpty(sequences);
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => sequences[0] - i), sequences);
    }
}
