namespace Chronicle.Gateway.Http;

/// <summary>
/// A request record's own checks, beyond what its properties' attributes say (one field against another, or against a
/// list the attributes cannot name). <see cref="RequestFields"/> asks once every field was bound well.
/// </summary>
internal interface IRequestRules
{
    /// <summary>What is wrong, each as the field's name in the body and the message; none when the request is valid.</summary>
    IEnumerable<(string Field, string Message)> Refusals();
}
