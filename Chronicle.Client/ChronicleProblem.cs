namespace Chronicle.Client;

/// <summary>
/// A refusal as the node sends it: an RFC 9457 <c>application/problem+json</c> document (the OpenAPI document's
/// <c>Problem</c>). Read <see cref="Code"/>, never <see cref="Detail"/>'s text: the code is the contract.
/// </summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">A short, fixed description of that kind.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong with this request, for people.</param>
/// <param name="Code">The machine-readable reason, one of <see cref="ProblemCodes"/>; null when the answer was no problem document (a proxy's error page).</param>
/// <param name="Error">The same as <see cref="Detail"/>, under the name the original Chronicle design used.</param>
public sealed record ChronicleProblem(string Type, string Title, int Status, string? Detail, string? Code, string? Error)
{
    /// <summary>With 409 <c>version_conflict</c>: the account's version now.</summary>
    public long? CurrentVersion { get; init; }

    /// <summary>With a failed transfer: its id.</summary>
    public string? TransferId { get; init; }

    /// <summary>With a failed transfer: its status (<c>failed</c>).</summary>
    public string? TransferStatus { get; init; }

    /// <summary>With 400 <c>validation_failed</c>: each field in error and what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string>? Errors { get; init; }
}
