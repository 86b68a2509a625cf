namespace Chronicle.Client;

/// <summary>
/// The node refused a request, or answered with an error after every retry: its problem+json answer, with its status and
/// <see cref="Code"/> (e.g. <see cref="ProblemCodes.InsufficientFunds"/>). Nothing was written for a refusal (4xx); after a
/// 503 a write may or may not have happened, and the same call with the same Idempotency-Key settles it.
/// </summary>
public sealed class ChronicleProblemException : Exception
{
    /// <summary>An exception for <paramref name="problem"/>.</summary>
    /// <param name="problem">The node's answer.</param>
    /// <param name="retryAfter">The answer's Retry-After, when it had one.</param>
    public ChronicleProblemException(ChronicleProblem problem, TimeSpan? retryAfter = null)
        : base($"{problem.Status} {problem.Code ?? problem.Title}: {problem.Detail}")
    {
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>The whole problem document.</summary>
    public ChronicleProblem Problem { get; }

    /// <summary>The HTTP status.</summary>
    public int Status => Problem.Status;

    /// <summary>The machine-readable reason, one of <see cref="ProblemCodes"/>; null when the answer was no problem document.</summary>
    public string? Code => Problem.Code;

    /// <summary>A short, fixed description of the kind of problem.</summary>
    public string Title => Problem.Title;

    /// <summary>What went wrong with this request, for people.</summary>
    public string? Detail => Problem.Detail;

    /// <summary>The request refused: its method and path, e.g. <c>POST /commands/deposit</c> (null when the exception was made elsewhere).</summary>
    public string? Request { get; init; }

    /// <summary>How long the node asked the caller to wait before trying again (503, 429), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
