namespace Chronicle.Cli;

/// <summary>What the CLI takes from its environment (./chronicle sets them from .chronicle/env).</summary>
internal static class CliEnvironment
{
    /// <summary>The node, when --url is not given.</summary>
    public const string UrlVariable = "CHRONICLE_URL";

    /// <summary>An API key of the operator role: from the environment, never the command line (where ps shows it).</summary>
    public const string OperatorKeyVariable = "CHRONICLE_OPERATOR_KEY";

    /// <summary>An API key of the auditor role, for the read verbs: from the environment as well.</summary>
    public const string AuditorKeyVariable = "CHRONICLE_AUDITOR_KEY";

    public const string DefaultUrl = "http://127.0.0.1:5080";
}
