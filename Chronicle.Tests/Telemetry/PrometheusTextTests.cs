using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Telemetry;

/// <summary>The test's Prometheus reader refuses what a scraper would, so "the format parses" means something.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # HELP requests_total Requests.
        # TYPE requests_total counter
        requests_total{route="/accounts/{id}",code="200"} 3
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 1
        latency_seconds_bucket{le="+Inf"} 2
        latency_seconds_sum 0.3
        latency_seconds_count 2

        """;

    [Fact]
    public void Reads_samples_with_braces_in_label_values_and_checks_histograms()
    {
        var parsed = PrometheusText.Parse(Valid);
        Assert.Equal(3, parsed.Sum("requests_total", ("route", "/accounts/{id}")));
        Assert.Equal(2, parsed.Sum("latency_seconds_count"));
    }

    [Theory]
    [InlineData("requests_total 1\n")] // no TYPE
    [InlineData("# TYPE requests_total counter\nrequests_total{code=200} 1\n")] // unquoted label value
    [InlineData("# TYPE requests_total counter\nrequests_total one\n")] // not a number
    [InlineData("# TYPE requests_total counter\n# TYPE requests_total gauge\n")] // two types
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n")] // buckets not cumulative
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n")] // +Inf bucket is not the count
    [InlineData("# some free comment\n")]
    public void Refuses_what_a_scraper_would(string exposition) =>
        Assert.Throws<FormatException>(() => PrometheusText.Parse(exposition));
}
