namespace Chronicle.Cli;

/// <summary>What the CLI takes from its environment (./chronicle sets both from .chronicle/env).</summary>
internal static class CliEnvironment
{
    /// <summary>The node, when --url is not given.</summary>
    public const string UrlVariable = "CHRONICLE_URL";

    /// <summary>An API key of the operator role: from the environment, never the command line (where ps shows it).</summary>
    public const string OperatorKeyVariable = "CHRONICLE_OPERATOR_KEY";

    public const string DefaultUrl = "http://127.0.0.1:5080";
}
