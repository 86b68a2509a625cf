using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4), as a scraper would
/// read GET /metrics: every line must be a HELP or TYPE comment or a well-formed sample, every
/// sample must belong to a declared metric family, and histograms must add up.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Metric family → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Parses a whole exposition; throws <see cref="FormatException"/> naming the first bad line.</summary>
    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var comment = CommentPattern().Match(line);
                if (!comment.Success) throw new FormatException($"line {lineNumber}: not a HELP or TYPE comment: {line}");
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    var type = comment.Groups["rest"].Value;
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        throw new FormatException($"line {lineNumber}: unknown type {type}");
                    if (!types.TryAdd(comment.Groups["name"].Value, type)) throw new FormatException($"line {lineNumber}: second TYPE for {comment.Groups["name"].Value}");
                }
                continue;
            }

            var sample = SamplePattern().Match(line);
            if (!sample.Success) throw new FormatException($"line {lineNumber}: not a sample: {line}");
            var name = sample.Groups["name"].Value;
            if (FamilyOf(name, types) is null) throw new FormatException($"line {lineNumber}: {name} has no TYPE before it");
            samples.Add(new Sample(name, ParseLabels(sample.Groups["labels"].Value, lineNumber), ParseValue(sample.Groups["value"].Value, lineNumber)));
        }

        var parsed = new PrometheusText(types, samples);
        parsed.CheckHistograms();
        return parsed;
    }

    /// <summary>Sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Matching(name, labels).Sum(sample => sample.Value);

    public IEnumerable<Sample> Matching(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(l => sample.Labels.GetValueOrDefault(l.Label) == l.Value));

    private static string? FamilyOf(string sample, IReadOnlyDictionary<string, string> types)
    {
        if (types.ContainsKey(sample)) return sample;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count", "_total", "_created" })
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(sample[..^suffix.Length]))
                return sample[..^suffix.Length];
        return null;
    }

    /// <summary>Buckets are cumulative, and the +Inf bucket holds every observation (_count).</summary>
    private void CheckHistograms()
    {
        foreach (var family in Types.Where(t => t.Value == "histogram").Select(t => t.Key))
            foreach (var series in Samples.Where(s => s.Name == family + "_bucket").GroupBy(s => SeriesKey(s, without: "le")))
            {
                var buckets = series.OrderBy(s => ParseValue(s.Labels["le"], 0)).ToList();
                for (var i = 1; i < buckets.Count; i++)
                    if (buckets[i].Value < buckets[i - 1].Value) throw new FormatException($"{family}{{{series.Key}}}: buckets not cumulative");
                if (buckets[^1].Labels["le"] != "+Inf") throw new FormatException($"{family}{{{series.Key}}}: no +Inf bucket");
                var count = Samples.Single(s => s.Name == family + "_count" && SeriesKey(s, without: null) == series.Key);
                if (count.Value != buckets[^1].Value) throw new FormatException($"{family}{{{series.Key}}}: _count {count.Value} but +Inf bucket {buckets[^1].Value}");
            }
    }

    private static string SeriesKey(Sample sample, string? without) =>
        string.Join(",", sample.Labels.Where(l => l.Key != without).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static Dictionary<string, string> ParseLabels(string labels, int lineNumber)
    {
        var result = new Dictionary<string, string>();
        var rest = labels;
        while (rest.Length > 0)
        {
            var label = LabelPattern().Match(rest);
            if (!label.Success) throw new FormatException($"line {lineNumber}: bad labels {{{labels}}}");
            if (!result.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value)))
                throw new FormatException($"line {lineNumber}: label {label.Groups["name"].Value} twice");
            rest = rest[label.Length..];
        }
        return result;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\') text.Append(value[i]);
            else text.Append(value[++i] switch { 'n' => '\n', var c => c });
        }
        return text.ToString();
    }

    private static double ParseValue(string value, int lineNumber) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"line {lineNumber}: bad value {value}"),
    };

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) ?(?<rest>.*)$")]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([^""}]|""(\\.|[^\\""])*"")*)\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex SamplePattern();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\[\\""n]|[^\\""])*)"",?")]
    private static partial Regex LabelPattern();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
