namespace Chronicle.Chaos.Checker;

/// <summary>A property the run broke, and how.</summary>
/// <param name="Key">The operation it is about (a client's Idempotency-Key or transfer id), when it is about one: what the report places among the faults.</param>
internal sealed record Violation(string Property, string Detail, string? Key = null);
