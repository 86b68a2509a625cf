using System.Net;
using Chronicle.Projector.Webhooks;

namespace Chronicle.Tests.Webhooks;

/// <summary>The webhook rules that need no server: addresses, secrets, the retry schedule, the in-order checkpoint.</summary>
public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("2001:db8::1")]
    public void Non_public_addresses_are_private(string address) => Assert.True(PrivateAddresses.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:85e5")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_are_not(string address) => Assert.False(PrivateAddresses.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void A_secret_is_whsec_and_the_base64_of_24_to_64_bytes()
    {
        var generated = WebhookSecret.Generate();
        Assert.Equal(32, WebhookSecret.KeyOf(generated).Length);
        Assert.NotNull(WebhookSecret.KeyOf("whsec_" + Convert.ToBase64String(new byte[24]), out _));
        Assert.NotNull(WebhookSecret.KeyOf("whsec_" + Convert.ToBase64String(new byte[64]), out _));
        Assert.Null(WebhookSecret.KeyOf("whsec_" + Convert.ToBase64String(new byte[23]), out _));
        Assert.Null(WebhookSecret.KeyOf("whsec_" + Convert.ToBase64String(new byte[65]), out _));
        Assert.Null(WebhookSecret.KeyOf(Convert.ToBase64String(new byte[32]), out var problem));
        Assert.Contains("whsec_", problem);
        Assert.True(WebhookSecret.MaxLength >= ("whsec_" + Convert.ToBase64String(new byte[64])).Length);
        Assert.Equal(generated[..10] + "…", WebhookSecret.Shown(generated));
    }

    [Fact]
    public void Retries_wait_twice_as_long_each_time_up_to_the_longest_delay()
    {
        var options = new WebhookOptions { FirstRetryDelayMilliseconds = 500, MaxRetryDelayMilliseconds = 3_000 };
        Assert.Equal([500, 1_000, 2_000, 3_000, 3_000], Enumerable.Range(2, 5).Select(attempt => options.RetryDelayBefore(attempt).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(3_000), options.RetryDelayBefore(100));
    }

    [Fact]
    public void A_receivers_retry_after_sets_the_wait_within_the_longest_delay()
    {
        var options = new WebhookOptions { FirstRetryDelayMilliseconds = 500, MaxRetryDelayMilliseconds = 3_000 };
        Assert.Equal(TimeSpan.FromMilliseconds(2_000), options.RetryDelayBefore(2, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryDelayBefore(5, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.FromMilliseconds(3_000), options.RetryDelayBefore(2, TimeSpan.FromHours(1)));
        // A date already past: at once.
        Assert.Equal(TimeSpan.Zero, options.RetryDelayBefore(2, TimeSpan.FromSeconds(-30)));
    }

    [Fact]
    public void The_checkpoint_is_the_last_message_below_which_every_one_has_finished()
    {
        var window = new DeliveryWindow<string>(10);
        Assert.True(window.TryStart(12, "a"));
        Assert.True(window.TryStart(15, "b"));
        Assert.True(window.TryStart(16, "c"));
        // Redeliveries of what has started, and of what came before the checkpoint.
        Assert.False(window.TryStart(15, "b again"));
        Assert.False(window.TryStart(9, "old"));

        window.Finish(15);
        Assert.Equal((10UL, (string?)null), window.Snapshot());
        window.Finish(12);
        Assert.Equal((15UL, "b"), window.Snapshot());
        window.Finish(16);
        Assert.Equal((16UL, "c"), window.Snapshot());
        Assert.Throws<InvalidOperationException>(() => window.Finish(16));
    }

    [Fact]
    public async Task Each_accounts_work_runs_in_order_and_accounts_side_by_side()
    {
        var order = new AccountOrder();
        var ran = new List<string>();
        var first = new TaskCompletionSource();
        var done = new CountdownEvent(3);
        order.Enqueue("a", async () =>
        {
            await first.Task;
            lock (ran) ran.Add("a1");
            done.Signal();
        });
        order.Enqueue("a", () =>
        {
            lock (ran) ran.Add("a2");
            done.Signal();
            return Task.CompletedTask;
        });
        var other = new TaskCompletionSource();
        order.Enqueue("b", () =>
        {
            lock (ran) ran.Add("b1");
            done.Signal();
            other.SetResult();
            return Task.CompletedTask;
        });
        // b runs while a's first is held; a's second waits for it.
        await other.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (ran) Assert.Equal(["b1"], ran);
        first.SetResult();
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        lock (ran) Assert.Equal(["b1", "a1", "a2"], ran);
    }
}
