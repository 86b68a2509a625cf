using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Chronicle.Cli;

/// <summary>
/// The options the verbs share, each parsed the same way: when one is given twice the last one counts (./chronicle puts
/// --url before the verb, and a caller may give another after it), and a wrong value is refused with the message the
/// CLI has always given, which the docs quote.
/// </summary>
internal static class CliOptions
{
    /// <summary>--url: the node; on every verb (recursive), from the environment when not given.</summary>
    public static Option<Uri> Url(string? urlFromEnvironment) => new("--url")
    {
        Description = $"the node; ${CliEnvironment.UrlVariable} when not given",
        HelpName = "URL",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => HttpUrl(result, Last(result)),
        DefaultValueFactory = result =>
            HttpUrl(result, string.IsNullOrWhiteSpace(urlFromEnvironment) ? CliEnvironment.DefaultUrl : urlFromEnvironment),
    };

    /// <summary>--settle: verify's grace for a read-model row that lags its journal.</summary>
    public static Option<int> Settle() =>
        Seconds("--settle", "seconds a row that lags the journal gets to catch up", defaultSeconds: 10);

    /// <summary>A whole number of seconds, <paramref name="defaultSeconds"/> when not given.</summary>
    public static Option<int> Seconds(string name, string description, int defaultSeconds) => new(name)
    {
        Description = description,
        HelpName = "S",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = WholeSeconds,
        DefaultValueFactory = _ => defaultSeconds,
    };

    /// <summary>A whole number from 1 to <paramref name="max"/>, <paramref name="defaultValue"/> when not given.</summary>
    public static Option<int> Count(string name, string description, int defaultValue, int max) => new(name)
    {
        Description = $"{description}, 1 to {max:N0}",
        HelpName = "N",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => int.TryParse(Last(result), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= max
            ? count
            : Refuse<int>(result, $"{Name(result)} takes a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}, not '{Last(result)}'"),
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>The value of the option's last occurrence.</summary>
    public static string Last(ArgumentResult result) => result.Tokens[^1].Value;

    /// <summary>Refuses the option's value: the parse fails with <paramref name="message"/> and exit code 64.</summary>
    public static T Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    /// <summary>Seconds, none negative: the parser of <see cref="Seconds"/>, and of an option of seconds that has no default.</summary>
    public static int WholeSeconds(ArgumentResult result) =>
        int.TryParse(Last(result), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : Refuse<int>(result, $"{Name(result)} takes a whole number of seconds, not '{Last(result)}'");

    private static Uri HttpUrl(ArgumentResult result, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : Refuse<Uri>(result, $"--url '{text}' is not an http(s) URL");

    private static string Name(ArgumentResult result) => ((OptionResult)result.Parent!).Option.Name;
}
